// Transcript rows around turns: compaction marker, system note, error with Retry, and per-turn token usage.
import type { CompactionMarker } from '../../../preload/contract';
import type { SystemNote, TurnView } from '../../stores/chatModel';
import { useChat } from '../../stores/chat';
import { useUi } from '../../stores/ui';
import { Icon } from '../../ui/Icon';
import { formatTokens } from '../../ui/format';
import { settingLines, noteParts } from './noteText';
import { usageKnown } from '../../stores/transcriptRows';

/** The line marking where older messages were summarized for the model. */
export function CompactionRow({ marker }: { marker: CompactionMarker }) {
  return (
    <div className="divider-row" role="note">
      <span className="divider-line" />
      <span className="divider-label" title={marker.summary || undefined}>
        <Icon name="layers" size={14} /> Earlier messages were summarized for the model
      </span>
      <span className="divider-line" />
    </div>
  );
}

/** A local note, e.g. the output of a slash command: settings as a key/value list, session ids as links. */
export function NoteRow({ note }: { note: SystemNote }) {
  const open = useChat((s) => s.open);
  const settings = settingLines(note.text);
  return (
    <div className={`system-note${note.tone === 'error' ? ' is-error' : ''}`} role="note">
      <Icon name="info" size={14} />
      {settings ? (
        <dl className="note-settings">
          {settings.map(({ key, value }) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <div className="plain-text note-text">
          {note.text.split('\n').map((line, i) => (
            <div key={i}>
              {noteParts(line).map((part, j) =>
                'sessionId' in part ? (
                  <button
                    key={j}
                    type="button"
                    className="btn-link note-session"
                    onClick={() => void open(part.sessionId)}
                  >
                    {part.sessionId}
                  </button>
                ) : (
                  <span key={j}>{part.text}</span>
                ),
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** True for the error of a turn that found no model configured (live: its code; reloaded: the runtime's wording). */
export function isModelNotConfigured(error: TurnView['error']): boolean {
  return error?.code === 'model_not_configured' || (error?.message ?? '').startsWith('No model is configured');
}

/** An error that ended a turn; the latest one offers Retry (`chat/retry`). No model configured points to Settings. */
export function ErrorRow({ turn, canRetry, onRetry }: { turn: TurnView; canRetry: boolean; onRetry: () => void }) {
  const openSettings = useUi((s) => s.openSettings);
  if (isModelNotConfigured(turn.error))
    return (
      <div className="error-row" role="alert">
        <Icon name="alert" size={16} />
        <div className="error-text">
          <strong>No model is set up yet</strong>
          <span>
            Sign in with ChatGPT, add an OpenAI API key, or pick a local server in Settings → Accounts; then retry.
          </span>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => openSettings('accounts')}>
          Open Settings
        </button>
        {canRetry && (
          <button type="button" className="btn" onClick={onRetry}>
            <Icon name="retry" size={14} /> Retry
          </button>
        )}
      </div>
    );
  return (
    <div className="error-row" role="alert">
      <Icon name="alert" size={16} />
      <div className="error-text">
        <strong>Something went wrong</strong>
        <span>{turn.error?.message}</span>
      </div>
      {canRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          <Icon name="retry" size={14} /> Retry
        </button>
      )}
    </div>
  );
}

/** Token usage of one finished turn when the server reported it, and why it stopped when not simply completed. */
export function UsageRow({ turn }: { turn: TurnView }) {
  const u = usageKnown(turn.usage) ? turn.usage : undefined;
  const stop = turn.stopReason && turn.stopReason !== 'completed' ? stopLabel(turn.stopReason) : null;
  if (!u && !stop) return null;
  const detail = u
    ? `Input ${u.inputTokens} (cached ${u.cachedInputTokens}), output ${u.outputTokens} (reasoning ${u.reasoningTokens}), total ${u.totalTokens} tokens`
    : undefined;
  return (
    <div className="usage-row" title={detail}>
      {u && (
        <>
          <span>{formatTokens(u.inputTokens)} in</span>
          {u.cachedInputTokens > 0 && <span>{formatTokens(u.cachedInputTokens)} cached</span>}
          <span>{formatTokens(u.outputTokens)} out</span>
          {u.reasoningTokens > 0 && <span>{formatTokens(u.reasoningTokens)} reasoning</span>}
        </>
      )}
      {stop && <span className="usage-stop">{stop}</span>}
    </div>
  );
}

function stopLabel(reason: NonNullable<TurnView['stopReason']>): string {
  switch (reason) {
    case 'interrupted':
      return 'stopped';
    case 'max_tool_rounds':
      return 'tool round limit reached';
    case 'incomplete':
      return 'incomplete answer';
    case 'error':
      return 'ended with an error';
    case 'completed':
      return 'completed';
    case 'awaiting_approval':
      return 'waiting for your approval';
  }
}
