// The sidebar's "In messages" list: chats whose messages contain the search text, with the matching line.
import type { SessionSearchHit } from '../../../preload/contract';
import { useChatSearch } from '../../stores/chatSearch';
import { Spinner } from '../../ui/Spinner';
import { markdownToPlainText } from '../chat/plainText';
import { formatRelative } from '../../ui/format';

/** Hits of the content search (nothing while no query is active); a click opens the chat at that message. */
export function ContentHits({ onOpen }: { onOpen: (hit: SessionSearchHit) => void }) {
  const { query, hits, truncated, loading, error } = useChatSearch();
  if (!query && !loading) return null;
  return (
    <section className="content-hits" aria-label="Matches in messages">
      <h2 className="content-hits-head">In messages {loading && <Spinner label="Searching messages" />}</h2>
      {error && <p className="empty-small error-text">Could not search the chats: {error}</p>}
      {!loading && !error && hits.length === 0 && <p className="empty-small">No message contains “{query}”.</p>}
      <ul>
        {hits.map((hit) => (
          <li key={`${hit.sessionId}-${hit.seq}`}>
            <button type="button" className="content-hit" onClick={() => onOpen(hit)}>
              <span className="content-hit-title truncate">{hit.title}</span>
              <span className="content-hit-line">
                <span className="muted">{hit.role === 'user' ? 'You' : 'Assistant'}:</span>{' '}
                {markdownToPlainText(hit.line)}
              </span>
              <span className="muted small">{formatRelative(hit.at)}</span>
            </button>
          </li>
        ))}
      </ul>
      {truncated && <p className="empty-small">More chats match: refine the search to see them.</p>}
    </section>
  );
}
