// The Schedule view: every wakeup with its next run and last outcome, pause/resume/run now/edit/delete, the
// create/edit form, and the selected wakeup's receipts.
import { useEffect, useState } from 'react';
import { describeSchedule } from '../../../preload/contract/describeSchedule';
import type { WakeupView } from '../../../preload/contract/scheduler';
import { useSchedule } from '../../stores/schedule';
import { Badge } from '../../ui/Badge';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { Receipts } from './Receipts';
import { statusLabel, statusTone, when } from './scheduleModel';
import { WakeupFormView } from './WakeupFormView';

/** The view (shown instead of the chat while open). */
export function ScheduleView() {
  const { wakeups, loaded, problem, selectedId, receipts, running, setOpen, select, pause, resume, runNow, remove } =
    useSchedule();
  const [form, setForm] = useState<{ editing: WakeupView | null } | null>(null);
  const [toDelete, setToDelete] = useState<WakeupView | null>(null);
  const refresh = useSchedule((s) => s.refresh);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const selected = wakeups.find((w) => w.id === selectedId) ?? null;

  return (
    <section className="schedule-view" aria-label="Schedule">
      <header className="schedule-head">
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          <Icon name="chat" size={14} /> Back to chat
        </button>
        <h2>Schedule</h2>
        <button type="button" className="btn btn-primary" onClick={() => setForm({ editing: null })}>
          <Icon name="plus" size={14} /> New wakeup
        </button>
      </header>
      {problem && (
        <p className="schedule-error" role="alert">
          {problem}
        </p>
      )}
      {form && <WakeupFormView key={form.editing?.id ?? 'new'} editing={form.editing} onDone={() => setForm(null)} />}
      {loaded && wakeups.length === 0 && !form && (
        <div className="empty-small">
          <Icon name="clock" size={20} />
          <p>No wakeups yet. Create one to have the assistant run on a schedule.</p>
        </div>
      )}
      <ul className="schedule-list" aria-label="Wakeups">
        {wakeups.map((w) => (
          <li key={w.id} className={`schedule-item${w.id === selectedId ? ' selected' : ''}`}>
            <button
              type="button"
              className="schedule-item-main"
              onClick={() => void select(w.id === selectedId ? null : w.id)}
            >
              <span className="schedule-item-title">{w.title}</span>
              <span className="schedule-hint">
                {describeSchedule(w)} · {w.createdBy === 'agent' ? 'by the assistant' : 'by you'}
              </span>
              <span className="schedule-item-next">
                {!w.enabled
                  ? `Paused${w.pausedReason ? `: ${w.pausedReason}` : ''}`
                  : w.nextDueAt
                    ? `Next: ${when(w.nextDueAt)}`
                    : 'Done'}
              </span>
            </button>
            <span className="schedule-item-last">
              {w.last ? (
                <Badge tone={statusTone(w.last.status)}>{statusLabel(w.last.status, true)}</Badge>
              ) : (
                <span className="schedule-hint">never ran</span>
              )}
            </span>
            <span className="schedule-item-actions">
              {w.enabled ? (
                <button type="button" className="btn" onClick={() => void pause(w.id)}>
                  Pause
                </button>
              ) : (
                <button type="button" className="btn" onClick={() => void resume(w.id)}>
                  Resume
                </button>
              )}
              <button
                type="button"
                className="btn"
                disabled={running.includes(w.id)}
                onClick={() => void runNow(w.id).then(() => select(w.id))}
              >
                {running.includes(w.id) ? <Spinner label="Running" /> : 'Run now'}
              </button>
              <button type="button" className="btn" onClick={() => setForm({ editing: w })}>
                Edit
              </button>
              <button type="button" className="btn btn-danger-quiet" onClick={() => setToDelete(w)}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      {selected && (
        <section className="schedule-detail" aria-label={`Runs of ${selected.title}`}>
          <h3>Runs of “{selected.title}”</h3>
          <p className="schedule-hint">
            Upcoming: {selected.upcoming.length ? selected.upcoming.map(when).join(' · ') : 'none'}
          </p>
          <Receipts receipts={receipts} />
        </section>
      )}
      <Dialog
        open={toDelete !== null}
        title="Delete wakeup?"
        onClose={() => setToDelete(null)}
        footer={
          <>
            <button type="button" className="btn" onClick={() => setToDelete(null)}>
              Keep
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                const id = toDelete!.id;
                setToDelete(null);
                void remove(id);
              }}
            >
              Delete
            </button>
          </>
        }
      >
        <p>“{toDelete?.title}” and its run history will be deleted. Its runs’ chats stay.</p>
      </Dialog>
    </section>
  );
}
