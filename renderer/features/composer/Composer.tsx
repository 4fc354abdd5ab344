// The message composer: textarea (Enter sends, or queues while a turn runs), slash-command autocomplete, attachments, Send / Stop.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useChat } from '../../stores/chat';
import { useCommands, type SlashCommand } from '../../stores/commands';
import { useComposer } from '../../stores/composer';
import { useUi } from '../../stores/ui';
import { Icon } from '../../ui/Icon';
import { AttachmentChips } from './AttachmentChips';
import { ModelPicker } from './ModelPicker';
import { QueuedMessage } from './QueuedMessage';
import { applyCommand, matchCommands, slashQuery } from './slash';
import { SlashMenu, slashOptionId } from './SlashMenu';

const MAX_HEIGHT_PX = 220;

/** The composer at the bottom of the chat. */
export function Composer() {
  const { text, attachments, attachError, setText, addFiles, removeAttachment, reset } = useComposer();
  const running = useChat((s) => s.model.running);
  const sending = useChat((s) => s.sending);
  const sessionId = useChat((s) => s.model.sessionId);
  const send = useChat((s) => s.send);
  const interrupt = useChat((s) => s.interrupt);
  const queue = useChat((s) => s.queue);
  const commands = useCommands((s) => s.items);
  const focusTick = useUi((s) => s.composerFocus);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const menuId = useId();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedQuery, setDismissedQuery] = useState<string | null>(null);

  const query = slashQuery(text, caret);
  const matches = useMemo(() => (query === null ? [] : matchCommands(commands, query)), [commands, query]);
  const menuOpen = query !== null && query !== dismissedQuery && matches.length > 0;
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  useLayoutEffect(() => {
    const el = areaRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  useEffect(() => {
    areaRef.current?.focus();
  }, [focusTick, sessionId]);

  const hasContent = text.trim().length > 0 || attachments.length > 0;
  const canSend = hasContent && !sending && !running;

  const submit = async () => {
    if (!hasContent || sending) return;
    const attached = attachments.map(({ name, mimeType, dataUrl }) => ({ name, mimeType, dataUrl }));
    if (running) {
      // Sent when the turn ends; a message queued before goes back into the box rather than being lost.
      const replaced = queue(text, attached);
      reset();
      if (replaced) setText(replaced.text);
      areaRef.current?.focus();
      return;
    }
    const ok = await send(
      text,
      attachments.map(({ name, mimeType, dataUrl }) => ({ name, mimeType, dataUrl })),
    );
    if (ok) reset();
    areaRef.current?.focus();
  };

  const pick = (command: SlashCommand) => {
    const next = applyCommand(text, command.name);
    setText(next);
    requestAnimationFrame(() => {
      const el = areaRef.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(next.length, next.length);
      setCaret(next.length);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (menuOpen) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const delta = e.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + delta + matches.length) % matches.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        pick(matches[activeIndex]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissedQuery(query);
        return;
      }
    }
    if (e.key === 'Escape') {
      // Leaving the message box lets single-key shortcuts (e.g. approval decisions) work.
      e.currentTarget.blur();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {attachError && (
        <p className="composer-error" role="alert">
          {attachError}
        </p>
      )}
      <QueuedMessage />
      <div className="composer-box">
        {menuOpen && (
          <SlashMenu id={menuId} commands={matches} activeIndex={activeIndex} onPick={pick} onHover={setActive} />
        )}
        <AttachmentChips items={attachments} onRemove={removeAttachment} />
        <textarea
          ref={areaRef}
          aria-label="Message"
          aria-autocomplete="list"
          aria-controls={menuOpen ? menuId : undefined}
          aria-activedescendant={menuOpen ? slashOptionId(menuId, activeIndex) : undefined}
          placeholder={
            running
              ? 'The assistant is working… type your next message: it is sent when the answer ends'
              : 'Message Deskpilot  (type / for commands)'
          }
          rows={1}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            const files = [...e.clipboardData.files];
            if (files.length) {
              e.preventDefault();
              void addFiles(files);
            }
          }}
        />
        <div className="composer-actions">
          <button
            type="button"
            className="icon-button"
            aria-label="Attach files"
            title="Attach images or files"
            onClick={() => fileRef.current?.click()}
          >
            <Icon name="clip" size={18} />
          </button>
          <input
            ref={fileRef}
            type="file"
            multiple
            hidden
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              void addFiles([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
          <ModelPicker />
          <span className="composer-hint">
            <kbd>Enter</kbd> send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line
          </span>
          {running ? (
            <button type="button" className="btn btn-danger composer-send" onClick={() => void interrupt()}>
              <Icon name="stop" size={14} /> Stop
            </button>
          ) : (
            <button type="submit" className="btn btn-primary composer-send" disabled={!canSend}>
              <Icon name="send" size={14} /> Send
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
