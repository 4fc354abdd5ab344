// The memories a turn's recall injected, listed under the memory provider's entry of a context receipt.
import type { ContextReceiptEntry } from '../../../preload/contract';
import { Badge } from '../../ui/Badge';
import { MemorySourceLine } from './MemoryItem';
import { formatScore, receiptMemories } from './memoryModel';

/** The `detail.memories` of a `memory` receipt entry; renders nothing for other providers or an empty recall. */
export function ReceiptMemories({ entry }: { entry: ContextReceiptEntry }) {
  const memories = receiptMemories(entry);
  if (memories.length === 0) return null;
  return (
    <div className="receipt-memories">
      <p className="small muted">
        {memories.length} memor{memories.length === 1 ? 'y' : 'ies'} used
      </p>
      <ul aria-label="Memories used">
        {memories.map((m) => (
          <li key={m.id}>
            <span className="memory-text small">{m.text}</span>
            <span className="memory-meta">
              <Badge tone="info">{m.kind}</Badge>
              <span className="muted small" title="Search score">
                score {formatScore(m.score)}
              </span>
              <MemorySourceLine source={m.source} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
