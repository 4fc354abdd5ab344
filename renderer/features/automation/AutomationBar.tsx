// The visible-activity bar: what browser/desktop automation is doing right now, with the Stop (kill switch) button.
import { useAutomation } from '../../stores/automation';
import { useNotices } from '../../stores/notices';
import { Spinner } from '../../ui/Spinner';

/** Shown only while automation runs: the latest action and its target, how many run, and Stop. */
export function AutomationBar() {
  const running = useAutomation((s) => s.running);
  const stopping = useAutomation((s) => s.stopping);
  const stop = useAutomation((s) => s.stop);
  const push = useNotices((s) => s.push);
  const latest = running.at(-1);
  if (!latest) return null;
  const onStop = async () => {
    const error = await stop();
    if (error) push(error, 'error');
  };
  return (
    <div className="automation-bar" role="status" aria-live="polite">
      <Spinner label="Automation is running" />
      <span className="automation-text">
        <strong>{latest.action}</strong> {latest.target}
        <span className="muted small">
          {' '}
          · {latest.tool}
          {running.length > 1 ? ` · ${running.length} actions` : ''}
        </span>
      </span>
      <button type="button" className="btn btn-danger" onClick={() => void onStop()} disabled={stopping}>
        Stop automation
      </button>
    </div>
  );
}
