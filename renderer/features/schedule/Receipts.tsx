// The receipts of one wakeup, newest first: time, status, trigger, reason or answer, tools, and a link to the session.
import type { RunReceipt } from '../../../preload/contract/scheduler';
import { useChat } from '../../stores/chat';
import { useSchedule } from '../../stores/schedule';
import { Badge } from '../../ui/Badge';
import { statusLabel, statusTone, when } from './scheduleModel';

/** The receipt list of the selected wakeup. */
export function Receipts({ receipts }: { receipts: RunReceipt[] }) {
  const open = useChat((s) => s.open);
  const setOpen = useSchedule((s) => s.setOpen);
  if (receipts.length === 0) return <p className="schedule-hint">No runs yet.</p>;
  return (
    <ol className="schedule-receipts" aria-label="Runs">
      {receipts.map((r) => {
        const detail = r.error ?? r.reason ?? (r.text ? r.text.split('\n')[0] : '');
        return (
          <li key={r.runId} className="schedule-receipt">
            <div className="schedule-receipt-head">
              <span>{when(r.scheduledFor)}</span>
              <Badge tone={statusTone(r.status)}>{statusLabel(r.status, Boolean(r.startedAt))}</Badge>
              {r.trigger && <span className="schedule-hint">{r.trigger}</span>}
              {r.count && r.count > 1 && <span className="schedule-hint">{r.count} occurrences</span>}
              {r.sessionId && (
                <button
                  type="button"
                  className="btn btn-link"
                  onClick={() => {
                    setOpen(false);
                    void open(r.sessionId!);
                  }}
                >
                  Open session
                </button>
              )}
            </div>
            {detail && <p className="schedule-receipt-detail">{detail}</p>}
            {r.toolsUsed.length > 0 && <p className="schedule-hint">Tools: {[...new Set(r.toolsUsed)].join(', ')}</p>}
          </li>
        );
      })}
    </ol>
  );
}
