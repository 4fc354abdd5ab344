// Settings → MCP servers: one server's row: status with the failure reason and stderr tail, switch, restart, remove,
// tools with their risk, and "always allow" rules (previewed before saving; revoked under Approvals).
import { useState } from 'react';
import type { McpServerView } from '../../../preload/contract';
import { useMcp } from '../../stores/mcp';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { Switch } from '../../ui/Switch';
import { RiskBadge } from '../approval/RiskBadge';

const stateTone: Record<McpServerView['status']['state'], BadgeTone> = {
  starting: 'info',
  ready: 'ok',
  failed: 'danger',
  disabled: 'neutral',
  stopped: 'neutral',
};

/** A rule waiting for the user's confirmation: the tool pattern it saves and what it covers, in words. */
interface RuleDraft {
  tool?: string;
  text: string;
}

/** One server. */
export function McpServerRow({ view }: { view: McpServerView }) {
  const { setEnabled, restart, remove, loadTools, allow } = useMcp.getState();
  const tools = useMcp((s) => s.tools[view.name]);
  const [open, setOpen] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [draft, setDraft] = useState<RuleDraft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const s = view.status;

  const run = async (work: () => Promise<string | null>) => setMessage(await work());
  const toggleTools = async () => {
    if (!open) await run(() => loadTools(view.name));
    setOpen(!open);
  };
  const saveRule = async () => {
    if (!draft) return;
    const result = await allow(view.name, draft.tool);
    setDraft(null);
    setMessage(typeof result === 'string' ? result : `Saved: always allow ${result.tool} (revoke it under Approvals).`);
  };

  return (
    <li className="plugin mcp-server" aria-label={`MCP server ${view.name}`}>
      <div className="plugin-head">
        <div>
          <strong>{view.name}</strong> <span className="muted small">{s.transport}</span>
        </div>
        <Badge tone={stateTone[s.state]}>
          {s.state === 'ready' ? `ready · ${s.tools} tool${s.tools === 1 ? '' : 's'}` : s.state}
        </Badge>
        <Switch
          checked={view.enabled}
          label={`Enable ${view.name}`}
          onChange={(on) => void run(() => setEnabled(view.name, on))}
        />
      </div>
      <p className="small">
        <code>{view.target}</code>
        {s.serverInfo && <span className="muted"> · {s.serverInfo}</span>}
      </p>
      {s.reason && (
        <p
          className={s.state === 'failed' ? 'error-text small' : 'muted small'}
          role={s.state === 'failed' ? 'alert' : undefined}
        >
          {s.reason}
        </p>
      )}
      {s.problems.map((p) => (
        <p key={p} className="muted small">
          {p}
        </p>
      ))}
      {s.stderrTail.length > 0 && (
        <details>
          <summary className="small">Log (stderr, last {s.stderrTail.length} lines)</summary>
          <pre className="mcp-stderr small">{s.stderrTail.join('\n')}</pre>
        </details>
      )}
      {view.secretKeys.length > 0 && (
        <p className="muted small">In the credential store: {view.secretKeys.join(', ')}</p>
      )}
      <div className="account-actions">
        <button type="button" className="btn" onClick={() => void toggleTools()} aria-expanded={open}>
          {open ? 'Hide tools' : 'Tools'}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!view.enabled}
          onClick={() => void run(() => restart(view.name))}
        >
          Restart
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => setDraft({ text: `every call of every tool of ${view.name} (rule ${view.name}__*)` })}
        >
          Always allow this server…
        </button>
        {confirmRemove ? (
          <>
            <button type="button" className="btn btn-danger-quiet" onClick={() => void run(() => remove(view.name))}>
              Remove {view.name}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmRemove(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-danger-quiet" onClick={() => setConfirmRemove(true)}>
            Remove…
          </button>
        )}
      </div>
      {draft && (
        <div className="banner banner-warn" role="group" aria-label="Rule preview">
          <p className="small">Save a rule that always allows {draft.text}? The tools then run without asking.</p>
          <div className="account-actions">
            <button type="button" className="btn btn-primary" onClick={() => void saveRule()}>
              Save rule
            </button>
            <button type="button" className="btn" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {open && (
        <ul className="rule-list" aria-label={`Tools of ${view.name}`}>
          {(tools ?? []).length === 0 && <li className="muted small">No tools: the server is not ready.</li>}
          {(tools ?? []).map((t) => (
            <li key={t.name} className="mcp-tool">
              <div className="rule-body">
                <code>{t.name}</code> <RiskBadge risk={t.risk} />{' '}
                <span className="muted small">
                  {t.description.split('\n')[0]} (risk from {t.riskFrom})
                </span>
              </div>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setDraft({ tool: t.name, text: `every call of ${t.name}` })}
              >
                Always allow…
              </button>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p className="small" role="status">
          {message}
        </p>
      )}
    </li>
  );
}
