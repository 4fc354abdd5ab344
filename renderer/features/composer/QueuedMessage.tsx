// The message waiting for the running turn to end, with Cancel (it goes back into the message box).
import { useChat } from '../../stores/chat';
import { useComposer } from '../../stores/composer';
import { Icon } from '../../ui/Icon';

/** Shows the queued message of the chat on screen (renders nothing when none is queued for it). */
export function QueuedMessage() {
  const queued = useChat((s) => (s.queued && s.queued.sessionId === s.model.sessionId ? s.queued : null));
  const cancelQueued = useChat((s) => s.cancelQueued);
  if (!queued) return null;
  const cancel = () => {
    const taken = cancelQueued();
    const composer = useComposer.getState();
    if (taken && !composer.text.trim()) composer.setText(taken.text);
  };
  const files = queued.attachments.length;
  return (
    <div className="queued-message" role="status" aria-label="Queued message">
      <Icon name="clock" size={14} />
      <span className="queued-text truncate">
        <strong>Queued:</strong> {queued.text || `${files} ${files === 1 ? 'attachment' : 'attachments'}`}
      </span>
      <span className="muted small">sends when the answer ends</span>
      <button type="button" className="btn-link" onClick={cancel}>
        Cancel
      </button>
    </div>
  );
}
