// The quick-prompt view (#/quick): one input, a streamed answer, a pending approval, and a link into the main window.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { api } from '../../api';
import { useApprovals } from '../../stores/approvals';
import { useChat } from '../../stores/chat';
import { useNotices } from '../../stores/notices';
import { sessionHash } from '../../stores/route';
import { visibleSessions } from '../../stores/sessionList';
import { useSessions } from '../../stores/sessions';
import { Badge } from '../../ui/Badge';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { Switch } from '../../ui/Switch';
import { Toasts } from '../../ui/Toasts';
import { ApprovalCard } from '../approval/ApprovalCard';
import { Markdown } from '../chat/Markdown';
import { TOOL_STATUS_LABEL, TOOL_STATUS_TONE } from '../chat/toolStatus';
import { quickTurnView } from './quickTurn';

const CONTINUE_KEY = 'deskpilot.quick.continue';

function readContinue(): boolean {
  try {
    return localStorage.getItem(CONTINUE_KEY) === '1';
  } catch {
    return false;
  }
}

function writeContinue(on: boolean): void {
  try {
    localStorage.setItem(CONTINUE_KEY, on ? '1' : '0');
  } catch {
    // Storage can be unavailable; the toggle still works for this window.
  }
}

/** The whole quick-prompt window: no sidebar, no panels. */
export function QuickPrompt() {
  const model = useChat((s) => s.model);
  const approvals = useApprovals((s) => s.items);
  const notices = useNotices((s) => s.items);
  const dismiss = useNotices((s) => s.dismiss);
  const [text, setText] = useState('');
  const [continueLast, setContinueLast] = useState(readContinue);
  const [turnId, setTurnId] = useState<string | null>(null);
  const [commandOutput, setCommandOutput] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const view = useMemo(() => quickTurnView(model, turnId, approvals), [model, turnId, approvals]);
  const shown = view !== null || commandOutput !== null;

  useEffect(() => {
    document.title = 'Deskpilot quick prompt';
    const focus = () => inputRef.current?.focus();
    focus();
    window.addEventListener('focus', focus);
    return () => window.removeEventListener('focus', focus);
  }, []);

  const clear = () => {
    setText('');
    setTurnId(null);
    setCommandOutput(null);
    useChat.getState().newChat();
  };

  const submit = async () => {
    const prompt = text.trim();
    if (!prompt || busy) return;
    setBusy(true);
    try {
      const chat = useChat.getState();
      const last = continueLast ? visibleSessions(useSessions.getState().items, '')[0]?.id : undefined;
      if (last) {
        if (chat.model.sessionId !== last) await chat.open(last);
      } else {
        chat.newChat();
      }
      if (!(await useChat.getState().send(prompt, []))) return;
      const after = useChat.getState();
      setText('');
      setTurnId(after.lastSentTurnId);
      setCommandOutput(after.lastSentTurnId ? null : (after.model.notes[after.model.notes.length - 1]?.text ?? ''));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (text || shown) clear();
      else if (api.mode === 'electron') window.close();
    }
  };

  const openInMain = (e: MouseEvent<HTMLAnchorElement>) => {
    const id = model.sessionId;
    // The link switches the hash: in web mode this tab shows the chat; in Electron the shell sees the navigation,
    // shows the chat in the main window and hides this one.
    if (!id) e.preventDefault();
  };

  return (
    <div className="quick">
      <form
        className="quick-bar"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <span className="brand-mark" aria-hidden="true">
          <Icon name="sparkle" size={16} />
        </span>
        <input
          ref={inputRef}
          type="text"
          className="quick-input"
          aria-label="Quick prompt"
          placeholder={continueLast ? 'Continue your last chat…' : 'Ask Deskpilot anything…'}
          value={text}
          maxLength={200_000}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {view?.live ? (
          <button
            type="button"
            className="icon-button"
            aria-label="Stop"
            title="Stop"
            onClick={() => void useChat.getState().interrupt()}
          >
            <Icon name="stop" size={18} />
          </button>
        ) : (
          <button
            type="submit"
            className="icon-button"
            aria-label="Ask"
            title="Ask (Enter)"
            disabled={!text.trim() || busy}
          >
            <Icon name="send" size={18} />
          </button>
        )}
      </form>
      <div className="quick-options">
        <label className="quick-toggle">
          <Switch
            checked={continueLast}
            label="Continue last chat"
            onChange={(on) => {
              setContinueLast(on);
              writeContinue(on);
            }}
          />
          <span aria-hidden="true">Continue last chat</span>
        </label>
        <span className="muted small">
          <kbd>Enter</kbd> to ask · <kbd>Esc</kbd> to {api.mode === 'electron' ? 'hide' : 'clear'}
        </span>
      </div>
      <div className="quick-answer" aria-live="polite" aria-busy={view?.live ?? false}>
        {!shown && (
          <p className="muted quick-empty">
            Answers appear here. The chat is saved, so you can open it in Deskpilot later.
          </p>
        )}
        {view?.prompt && (
          <p className="quick-prompt-echo">
            <Icon name="chat" size={12} />
            <span className="truncate">{view.prompt}</span>
          </p>
        )}
        {commandOutput !== null && <pre className="plain-text">{commandOutput}</pre>}
        {view && view.tools.length > 0 && (
          <ul className="quick-tools" aria-label="Tools used">
            {view.tools.map((t) => (
              <li key={t.callId}>
                <Icon name="tool" size={12} />
                <code>{t.name}</code>
                {t.status === 'running' ? (
                  <Spinner label={`${t.name} is running`} />
                ) : (
                  <Badge tone={TOOL_STATUS_TONE[t.status]}>{TOOL_STATUS_LABEL[t.status]}</Badge>
                )}
              </li>
            ))}
          </ul>
        )}
        {view?.approval && <ApprovalCard approval={view.approval} />}
        {view?.text && <Markdown text={view.text} />}
        {view?.thinking && (
          <div className="thinking" aria-label="Assistant is thinking">
            <span />
            <span />
            <span />
          </div>
        )}
        {view?.cutShort && <p className="muted small">Stopped before the answer was complete.</p>}
        {view?.error && (
          <p className="error-text" role="alert">
            {view.error}
          </p>
        )}
      </div>
      {model.sessionId && shown && (
        <footer className="quick-foot">
          <a className="btn-link" href={sessionHash(model.sessionId)} onClick={openInMain}>
            Open in Deskpilot <Icon name="chevron" size={12} />
          </a>
        </footer>
      )}
      <Toasts items={notices} onDismiss={dismiss} />
    </div>
  );
}
