// Renders one transcript row by kind; memoized on the row's (identity-stable) payload.
import { memo } from 'react';
import type { TranscriptRow as Row } from '../../stores/transcriptRows';
import { ApprovalCard } from '../approval/ApprovalCard';
import { AssistantMessage, ReasoningRow, StreamRow, UserBubble, UserMessage } from './MessageRows';
import { ToolCard } from './ToolCard';
import { CompactionRow, ErrorRow, NoteRow, UsageRow } from './TurnRows';

/** Props of {@link TranscriptRow}. */
export interface TranscriptRowProps {
  row: Row;
  /** Number of approvals pending in this chat (shortcuts work without focus when it is exactly one). */
  pendingCount: number;
  onRetry: () => void;
}

function sameRow(a: Row, b: Row): boolean {
  if (a === b) return true;
  const ka = Object.keys(a) as (keyof Row)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

function RowView({ row, pendingCount, onRetry }: TranscriptRowProps) {
  switch (row.kind) {
    case 'user':
      return <UserMessage entry={row.entry} />;
    case 'pendingUser':
      return <UserBubble text={row.text} />;
    case 'assistant':
      return <AssistantMessage entry={row.entry} />;
    case 'reasoning':
      return <ReasoningRow entry={row.entry} />;
    case 'tool':
      return <ToolCard tool={row.tool} approval={row.approval} soleApproval={pendingCount === 1} />;
    case 'stream':
      return (
        <StreamRow
          turnId={row.turnId}
          text={row.text}
          reasoning={row.reasoning}
          live={row.live}
          retrying={row.retrying}
        />
      );
    case 'compaction':
      return <CompactionRow marker={row.marker} />;
    case 'note':
      return <NoteRow note={row.note} />;
    case 'error':
      return <ErrorRow turn={row.turn} canRetry={row.canRetry} onRetry={onRetry} />;
    case 'usage':
      return <UsageRow turn={row.turn} />;
    case 'approval':
      return (
        <div className="tool-card tool-approval">
          <ApprovalCard approval={row.approval} globalShortcuts={pendingCount === 1} />
        </div>
      );
  }
}

/** A transcript row; re-renders only when its payload, the pending count or the retry handler changes. */
export const TranscriptRow = memo(
  RowView,
  (prev, next) =>
    sameRow(prev.row, next.row) && prev.pendingCount === next.pendingCount && prev.onRetry === next.onRetry,
);
