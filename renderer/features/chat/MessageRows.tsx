// Transcript rows for messages: the user's turn, the assistant's answer, reasoning, and the live stream.
import { useState } from 'react';
import type { MessageItem, ReasoningItem, TranscriptEntry } from '../../../preload/contract';
import { useChat } from '../../stores/chat';
import type { TurnView } from '../../stores/chatModel';
import { useSessions } from '../../stores/sessions';
import { Collapsible } from '../../ui/Collapsible';
import { Icon } from '../../ui/Icon';
import { editAndResend, regenerate } from '../../stores/chatControls';
import { copyText } from './copyText';
import { LiveMarkdown } from './LiveMarkdown';
import { Markdown } from './Markdown';
import { isRefusal, messageImages, messageText, reasoningText } from './messageParts';

/** A message the user sent, with any attached images; Edit opens it in place and resends it in a new branch. */
export function UserMessage({ entry }: { entry: TranscriptEntry }) {
  const item = entry.item as MessageItem;
  const text = messageText(item);
  const [editing, setEditing] = useState(false);
  const running = useChat((s) => s.model.running);
  if (editing) return <EditMessage seq={entry.seq} text={text} onDone={() => setEditing(false)} />;
  return (
    <div className="msg-user-wrap">
      <UserBubble text={text} images={messageImages(item)} />
      {text && (
        <div className="msg-actions msg-actions-user">
          <button
            type="button"
            className="icon-button"
            aria-label="Edit message"
            title="Edit and resend (the current answers stay in this chat)"
            disabled={running}
            onClick={() => setEditing(true)}
          >
            <Icon name="pencil" size={14} />
          </button>
        </div>
      )}
    </div>
  );
}

/** In-place editor of a sent message: Enter (or Send) resends it in a new branch, Escape cancels. */
function EditMessage({ seq, text, onDone }: { seq: number; text: string; onDone: () => void }) {
  const [value, setValue] = useState(text);
  const submit = () => {
    if (!value.trim()) return;
    onDone();
    void editAndResend(seq, value);
  };
  return (
    <div className="msg msg-user msg-editing">
      <textarea
        aria-label="Edit message"
        className="edit-box"
        value={value}
        autoFocus
        rows={Math.min(10, value.split('\n').length + 1)}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onDone();
          } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <div className="edit-actions">
        <span className="muted small">Sends in a new branch; this chat keeps the current answers.</span>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" disabled={!value.trim()} onClick={submit}>
          Send
        </button>
      </div>
    </div>
  );
}

/** The user's bubble; also used for input shown before its transcript item arrives. */
export function UserBubble({ text, images = [] }: { text: string; images?: string[] }) {
  return (
    <div className="msg msg-user">
      <div className="bubble">
        {images.length > 0 && (
          <div className="msg-images">
            {images.map((src, i) =>
              // The CSP loads images only from the app itself and data:/blob: URLs: a web image stays a link.
              src.startsWith('https:') ? (
                <a key={i} href={src} target="_blank" rel="noopener noreferrer" className="msg-image">
                  {`Attached image ${i + 1} (${new URL(src).host})`}
                </a>
              ) : (
                <span key={i} className="msg-image">
                  <img src={src} alt={`Attached image ${i + 1}`} loading="lazy" />
                </span>
              ),
            )}
          </div>
        )}
        {text && <div className="plain-text">{text}</div>}
      </div>
    </div>
  );
}

function MessageActions({ text, seq }: { text: string; seq?: number }) {
  const [copied, setCopied] = useState(false);
  const sessionId = useChat((s) => s.model.sessionId);
  const running = useChat((s) => s.model.running);
  const open = useChat((s) => s.open);
  const forkAt = async () => {
    if (!sessionId || seq === undefined) return;
    const fork = await useSessions.getState().fork(sessionId, seq);
    if (fork) void open(fork.id);
  };
  return (
    <div className="msg-actions">
      <button
        type="button"
        className="icon-button"
        aria-label="Copy message"
        title="Copy the whole answer"
        onClick={() => void copyText(text).then((ok) => setCopied(ok))}
        onBlur={() => setCopied(false)}
      >
        <Icon name={copied ? 'check' : 'copy'} size={14} />
      </button>
      {seq !== undefined && (
        <button
          type="button"
          className="icon-button"
          aria-label="Regenerate answer"
          title="Regenerate (in a new branch; this answer stays here)"
          disabled={running}
          onClick={() => void regenerate(seq)}
        >
          <Icon name="retry" size={14} />
        </button>
      )}
      {seq !== undefined && (
        <button
          type="button"
          className="icon-button"
          aria-label="Fork chat from here"
          title="Fork chat from here"
          onClick={() => void forkAt()}
        >
          <Icon name="fork" size={14} />
        </button>
      )}
    </div>
  );
}

/** A finished assistant message as markdown, with Copy and Fork-from-here actions. */
export function AssistantMessage({ entry }: { entry: TranscriptEntry }) {
  const item = entry.item as MessageItem;
  const text = messageText(item);
  return (
    <div className={`msg msg-assistant${isRefusal(item) ? ' msg-refusal' : ''}`}>
      <Markdown text={text} />
      <MessageActions text={text} seq={entry.seq} />
    </div>
  );
}

/** A reasoning summary, collapsed by default. */
export function ReasoningRow({ entry }: { entry: TranscriptEntry }) {
  const text = reasoningText(entry.item as ReasoningItem);
  return (
    <div className="msg msg-reasoning">
      <Collapsible
        summary={
          <>
            <Icon name="sparkle" size={14} /> Reasoning
          </>
        }
      >
        <Markdown text={text} className="markdown-muted" />
      </Collapsible>
    </div>
  );
}

/** Text and reasoning streaming in for `turnId` (or left over from an interrupted turn). */
export function StreamRow({
  turnId,
  text,
  reasoning,
  live,
  retrying,
}: {
  turnId: string;
  text: string;
  reasoning: string;
  live: boolean;
  retrying?: TurnView['retrying'];
}) {
  const thinking = live && !text;
  return (
    <div className="msg msg-assistant msg-stream" aria-busy={live}>
      {live && retrying && (
        <p className="retrying muted small" role="status">
          <Icon name="retry" size={12} /> Retrying (attempt {retrying.attempt}) in {Math.ceil(retrying.delayMs / 1000)}{' '}
          s: {retrying.reason}
        </p>
      )}
      {reasoning && (
        <div className="msg-reasoning">
          <Collapsible
            summary={
              <>
                <Icon name="sparkle" size={14} /> {live && !text ? 'Reasoning…' : 'Reasoning'}
              </>
            }
            defaultOpen={live && !text}
          >
            <Markdown text={reasoning} className="markdown-muted" />
          </Collapsible>
        </div>
      )}
      {text && (live ? <LiveMarkdown text={text} turnId={turnId} /> : <Markdown text={text} />)}
      {thinking && !reasoning && (
        <div className="thinking" aria-label="Assistant is thinking">
          <span />
          <span />
          <span />
        </div>
      )}
      {live && text && <span className="caret" aria-hidden="true" />}
      {!live && text && <p className="muted small">Stopped before the answer was complete.</p>}
    </div>
  );
}
