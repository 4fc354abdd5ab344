// "Import Codex CLI login": offered only when a Codex CLI ChatGPT login exists ($CODEX_HOME or ~/.codex/auth.json).
import { useState } from 'react';
import { useAccounts } from '../../stores/accounts';

/** The import button with the file it reads; renders nothing when there is no Codex CLI login. */
export function CodexImport() {
  const path = useAccounts((s) => s.status?.codexLoginPath ?? null);
  const importCodex = useAccounts((s) => s.importCodex);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  if (!path) return null;
  return (
    <div className="codex-import">
      <p>
        A Codex CLI login was found in <code>{path}</code>. Deskpilot copies it (the file is only read).
      </p>
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void importCodex().then((problem) => {
            setBusy(false);
            setOutcome(problem ? { ok: false, text: problem } : { ok: true, text: `Imported from ${path}.` });
          });
        }}
      >
        Import Codex CLI login
      </button>
      {outcome && (
        <p className={outcome.ok ? 'ok-text' : 'error-text'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
    </div>
  );
}
