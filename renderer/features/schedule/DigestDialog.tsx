// The away digest: shown when the window or tab becomes visible again and scheduled runs did something meanwhile.
import { useSchedule } from '../../stores/schedule';
import { Dialog } from '../../ui/Dialog';

/** The digest dialog (closed while there is no digest). */
export function DigestDialog() {
  const digest = useSchedule((s) => s.digest);
  const dismiss = useSchedule((s) => s.dismissDigest);
  const setOpen = useSchedule((s) => s.setOpen);
  return (
    <Dialog
      open={digest !== null}
      title="While you were away"
      onClose={dismiss}
      footer={
        <>
          <button
            type="button"
            className="btn"
            onClick={() => {
              dismiss();
              setOpen(true);
            }}
          >
            Open Schedule
          </button>
          <button type="button" className="btn btn-primary" onClick={dismiss}>
            OK
          </button>
        </>
      }
    >
      <pre className="schedule-digest">{digest?.text.split('\n').slice(1).join('\n')}</pre>
    </Dialog>
  );
}
