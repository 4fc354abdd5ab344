// "Use a local server": the OpenAI-compatible servers Deskpilot probed (Ollama 127.0.0.1:11434, LM Studio :1234) and
// their models; picking one makes it the active provider and model for the next message.
import { useEffect, useState } from 'react';
import { useAccounts } from '../../stores/accounts';
import { Spinner } from '../../ui/Spinner';

/** The probe results with a "Use" button per model; probes once on mount when nothing was probed yet. */
export function LocalServers() {
  const local = useAccounts((s) => s.local);
  const probing = useAccounts((s) => s.probing);
  const probeError = useAccounts((s) => s.probeError);
  const probe = useAccounts((s) => s.probe);
  const use = useAccounts((s) => s.use);
  const status = useAccounts((s) => s.status);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (local === null) void probe();
  }, [local, probe]);

  const active = (baseUrl: string, model: string) =>
    status?.provider === 'openai-compatible' && status.compatible.baseUrl === baseUrl && status.model === model;

  return (
    <div className="local-servers" data-testid="local-servers">
      {local === null || probing ? (
        <p className="muted">
          <Spinner label="Looking for local servers" /> Looking for Ollama and LM Studio on this computer…
        </p>
      ) : (
        <ul className="local-list">
          {local.map((server) => (
            <li key={server.baseUrl}>
              <div className="local-head">
                <strong>{server.name}</strong> <span className="muted small">{server.baseUrl}</span>
              </div>
              {!server.reachable ? (
                <p className="muted small">Not running.</p>
              ) : server.models.length === 0 ? (
                <p className="muted small">Running, but it lists no models: pull or load one first.</p>
              ) : (
                <div className="local-models">
                  {server.models.map((model) => (
                    <button
                      key={model}
                      type="button"
                      className={`btn btn-small${active(server.baseUrl, model) ? ' btn-primary' : ''}`}
                      aria-pressed={active(server.baseUrl, model)}
                      onClick={() =>
                        void use('openai-compatible', model, server.baseUrl).then((problem) => setError(problem))
                      }
                    >
                      Use {model}
                    </button>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {probeError && (
        <p className="error-text" role="alert">
          {probeError}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="btn btn-link" disabled={probing} onClick={() => void probe()}>
        Look again
      </button>
    </div>
  );
}
