// The create/edit form: prompt, kind (at / in / cron / every) with a cron helper, zone, a live preview of the next
// five times, misfire policy and max lateness, notify mode, the envelope editor, and "test now" on create.
import { useMemo, useState, type FormEvent } from 'react';
import type { WakeupView } from '../../../preload/contract/scheduler';
import { useSchedule } from '../../stores/schedule';
import { EnvelopeEditor } from './EnvelopeEditor';
import {
  CRON_PRESETS,
  draftOf,
  emptyForm,
  formFromWakeup,
  patchOf,
  scheduleOf,
  when,
  type ScheduleKind,
  type WakeupForm,
} from './scheduleModel';
import { usePreview } from './usePreview';

const zones: string[] = (() => {
  try {
    // Cast: TypeScript's lib for our target lacks Intl.supportedValuesOf (ES2022), which Chromium and Node 20 have.
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** Props of {@link WakeupFormView}: `editing` null creates. */
export interface WakeupFormViewProps {
  editing: WakeupView | null;
  onDone(): void;
}

/** The form. Submitting creates (optionally with a test run) or saves; errors from the runtime show under it. */
export function WakeupFormView({ editing, onDone }: WakeupFormViewProps) {
  const original = useMemo(() => (editing ? formFromWakeup(editing) : emptyForm()), [editing]);
  const [form, setForm] = useState<WakeupForm>(original);
  const [test, setTest] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = useSchedule((s) => s.create);
  const update = useSchedule((s) => s.update);
  const preview = usePreview(scheduleOf(form));
  const set = (patch: Partial<WakeupForm>) => setForm((f) => ({ ...f, ...patch }));
  const zoned = form.kind === 'at' || form.kind === 'cron';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let message: string | null;
    setBusy(true);
    try {
      message = editing ? await update(editing.id, patchOf(form, original)) : await create(draftOf(form), test);
    } catch (err) {
      message = (err as Error).message;
    }
    setBusy(false);
    if (message) setError(message);
    else onDone();
  };

  return (
    <form
      className="schedule-form"
      aria-label={editing ? 'Edit wakeup' : 'New wakeup'}
      onSubmit={(e) => void submit(e)}
    >
      <h2>{editing ? `Edit “${editing.title}”` : 'New wakeup'}</h2>
      <label>
        Prompt
        <textarea
          required
          rows={3}
          placeholder="e.g. Summarize the new files in ~/Inbox"
          value={form.prompt}
          onChange={(e) => set({ prompt: e.target.value })}
        />
      </label>
      <label>
        Title
        <input
          placeholder="default: the prompt's first line"
          value={form.title}
          onChange={(e) => set({ title: e.target.value })}
        />
      </label>
      <fieldset className="schedule-fieldset">
        <legend>When</legend>
        <div className="schedule-kinds" role="radiogroup" aria-label="Kind">
          {(['at', 'in', 'cron', 'every'] as ScheduleKind[]).map((kind) => (
            <label key={kind} className="schedule-kind">
              <input
                type="radio"
                name="kind"
                value={kind}
                checked={form.kind === kind}
                onChange={() => set({ kind })}
              />
              {kind === 'at' ? 'At a time' : kind === 'in' ? 'In' : kind === 'cron' ? 'Cron' : 'Every'}
            </label>
          ))}
        </div>
        {form.kind === 'at' && (
          <label>
            Date and time
            <input type="datetime-local" required value={form.at} onChange={(e) => set({ at: e.target.value })} />
          </label>
        )}
        {form.kind === 'in' && (
          <label>
            Delay
            <input placeholder="e.g. 20m, 1h30m" value={form.in} onChange={(e) => set({ in: e.target.value })} />
          </label>
        )}
        {form.kind === 'every' && (
          <label>
            Interval
            <input placeholder="e.g. 30m, 2h" value={form.every} onChange={(e) => set({ every: e.target.value })} />
          </label>
        )}
        {form.kind === 'cron' && (
          <>
            <label>
              Cron expression
              <input
                className="mono"
                placeholder="minute hour day month weekday"
                value={form.cron}
                onChange={(e) => set({ cron: e.target.value })}
              />
            </label>
            <label>
              Cron helper
              <select
                aria-label="Cron helper"
                value=""
                onChange={(e) => e.target.value && set({ cron: e.target.value })}
              >
                <option value="">Pick a common schedule…</option>
                {CRON_PRESETS.map((p) => (
                  <option key={p.expr} value={p.expr}>
                    {p.label} ({p.expr})
                  </option>
                ))}
              </select>
            </label>
            <p className="schedule-hint">
              Fields: minute (0–59), hour (0–23), day of month, month, weekday (0–6, Sunday = 0). <code>*/15</code> =
              every 15, <code>1-5</code> = Monday to Friday.
            </p>
          </>
        )}
        {zoned && (
          <label>
            Time zone
            <input list="schedule-zones" value={form.tz} onChange={(e) => set({ tz: e.target.value })} />
            <datalist id="schedule-zones">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </label>
        )}
        <div className="schedule-preview" aria-live="polite" aria-label="Next times">
          {preview.error ? (
            <p className="schedule-error">{preview.error}</p>
          ) : (
            <>
              <span className="schedule-hint">Next times (your zone):</span>
              <ol>
                {preview.times.map((t) => (
                  <li key={t}>{when(t)}</li>
                ))}
              </ol>
            </>
          )}
        </div>
      </fieldset>
      <fieldset className="schedule-fieldset">
        <legend>Runs</legend>
        <div className="schedule-row">
          <label>
            Session
            <input
              placeholder="new, or a chat name"
              value={form.session}
              onChange={(e) => set({ session: e.target.value })}
            />
          </label>
          <label>
            Notify
            <select value={form.notify} onChange={(e) => set({ notify: e.target.value as WakeupForm['notify'] })}>
              <option value="when-reporting">When there is something to report</option>
              <option value="always">Always</option>
              <option value="never">Never</option>
            </select>
          </label>
        </div>
        <div className="schedule-row">
          <label>
            Missed runs
            <select value={form.misfire} onChange={(e) => set({ misfire: e.target.value as WakeupForm['misfire'] })}>
              <option value="once">Run one catch-up</option>
              <option value="all">Run each (capped)</option>
              <option value="skip">Skip them</option>
            </select>
          </label>
          <label>
            Max lateness
            <input
              placeholder="no limit, or e.g. 2h"
              value={form.maxLateness}
              onChange={(e) => set({ maxLateness: e.target.value })}
            />
          </label>
        </div>
      </fieldset>
      <EnvelopeEditor
        grants={form.grants}
        budget={form.budget}
        onGrants={(grants) => set({ grants })}
        onBudget={(budget) => set({ budget })}
      />
      {error && (
        <p className="schedule-error" role="alert">
          {error}
        </p>
      )}
      <div className="schedule-actions">
        {!editing && (
          <label className="schedule-check">
            <input type="checkbox" checked={test} onChange={(e) => setTest(e.target.checked)} /> Test now (run once
            right away)
          </label>
        )}
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? (test && !editing ? 'Testing…' : 'Saving…') : editing ? 'Save' : 'Create'}
        </button>
      </div>
    </form>
  );
}
