// Settings → MCP servers: import from Claude Desktop, Codex, a file or pasted JSON, with a preview to pick from.
import { useState } from 'react';
import type { McpImportPreview, McpImportSource } from '../../../preload/contract';
import { useMcp } from '../../stores/mcp';

type SourceKind = 'claude' | 'codex' | 'file' | 'json';

/** The import panel; `onDone` closes it. */
export function McpImport({ onDone }: { onDone: () => void }) {
  const preview = useMcp((s) => s.preview);
  const apply = useMcp((s) => s.apply);
  const [kind, setKind] = useState<SourceKind>('claude');
  const [text, setText] = useState('');
  const [shown, setShown] = useState<{ source: McpImportSource; preview: McpImportPreview } | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const source = (): McpImportSource =>
    kind === 'file' ? { file: text.trim() } : kind === 'json' ? { json: text } : { from: kind };

  const load = async () => {
    setBusy(true);
    setMessage(null);
    const src = source();
    const result = await preview(src);
    setBusy(false);
    if (typeof result === 'string') return setMessage(result);
    setShown({ source: src, preview: result });
    setPicked(new Set(result.servers.filter((s) => !s.problem && !s.exists).map((s) => s.name)));
  };

  const add = async () => {
    if (!shown) return;
    setBusy(true);
    const result = await apply(shown.source, [...picked]);
    setBusy(false);
    if (typeof result === 'string') return setMessage(result);
    setMessage(
      [
        result.added.length ? `Added ${result.added.join(', ')}.` : 'Nothing added.',
        ...result.skipped.map((s) => `Skipped ${s.name}: ${s.why}.`),
      ].join(' '),
    );
    setShown(null);
  };

  return (
    <div className="mcp-import" role="group" aria-label="Import MCP servers">
      <div className="segmented" role="radiogroup" aria-label="Import from">
        {(
          [
            ['claude', 'Claude Desktop'],
            ['codex', 'Codex'],
            ['file', 'File'],
            ['json', 'Paste JSON'],
          ] as const
        ).map(([k, label]) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={kind === k}
            className={kind === k ? 'active' : undefined}
            onClick={() => {
              setKind(k);
              setShown(null);
            }}
          >
            {label}
          </button>
        ))}
      </div>
      {kind === 'file' && (
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="/path/to/config.json or .toml"
          aria-label="Config file path"
        />
      )}
      {kind === 'json' && (
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={4}
          placeholder='{"mcpServers": {"name": {"command": "…", "args": []}}}'
          aria-label="Pasted JSON"
        />
      )}
      <div className="account-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void load()}>
          Preview
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Close
        </button>
      </div>
      {shown && (
        <div className="mcp-preview">
          <p className="muted small">From {shown.preview.path}:</p>
          {shown.preview.servers.length === 0 && <p className="muted small">No MCP servers in it.</p>}
          <ul className="rule-list">
            {shown.preview.servers.map((s) => (
              <li key={s.name}>
                <label>
                  <input
                    type="checkbox"
                    disabled={Boolean(s.problem) || s.exists}
                    checked={picked.has(s.name)}
                    onChange={(e) => {
                      const next = new Set(picked);
                      if (e.target.checked) next.add(s.name);
                      else next.delete(s.name);
                      setPicked(next);
                    }}
                  />{' '}
                  <strong>{s.name}</strong> <code className="small">{s.target}</code>
                </label>
                {s.problem && <p className="error-text small">Cannot add: {s.problem}</p>}
                {s.exists && <p className="muted small">A server with this name exists already.</p>}
                {s.secretKeys.length > 0 && !s.problem && (
                  <p className="muted small">To the credential store: {s.secretKeys.join(', ')}</p>
                )}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || picked.size === 0}
            onClick={() => void add()}
          >
            Add {picked.size} server{picked.size === 1 ? '' : 's'}
          </button>
        </div>
      )}
      {message && (
        <p className="small" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
