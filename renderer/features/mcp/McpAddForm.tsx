// Settings → MCP servers: the form that adds one server (a command for stdio, or a URL for HTTP), with env and headers.
import { useState } from 'react';
import { useMcp } from '../../stores/mcp';

/** `KEY=VALUE` lines as a record; the first line without `=` is returned as an error. */
export function parsePairs(text: string, what: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf('=');
    if (at <= 0) return `${what}: "${line}" is not KEY=VALUE.`;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

/** Splits a command line into words: spaces separate, double or single quotes group. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/** The add form; `onDone` closes it after a server was added. */
export function McpAddForm({ onDone }: { onDone: () => void }) {
  const add = useMcp((s) => s.add);
  const [kind, setKind] = useState<'stdio' | 'http'>('stdio');
  const [name, setName] = useState('');
  const [command, setCommand] = useState('');
  const [url, setUrl] = useState('');
  const [pairs, setPairs] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const parsed = parsePairs(pairs, kind === 'stdio' ? 'Environment' : 'Headers');
    if (typeof parsed === 'string') return setError(parsed);
    const words = splitCommand(command);
    if (kind === 'stdio' && words.length === 0) return setError('Enter the command that starts the server.');
    if (kind === 'http' && !url.trim()) return setError('Enter the server URL.');
    setBusy(true);
    const problem = await add(
      name.trim(),
      kind === 'stdio'
        ? { command: words[0], args: words.slice(1), env: parsed }
        : { url: url.trim(), headers: parsed },
    );
    setBusy(false);
    if (problem) return setError(problem);
    onDone();
  };

  return (
    <div className="mcp-add" role="group" aria-label="Add an MCP server">
      <div className="segmented" role="radiogroup" aria-label="Transport">
        {(['stdio', 'http'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={kind === k}
            className={kind === k ? 'active' : undefined}
            onClick={() => setKind(k)}
          >
            {k === 'stdio' ? 'Command (stdio)' : 'URL (HTTP)'}
          </button>
        ))}
      </div>
      <label className="field">
        <span>Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="github" aria-label="Server name" />
      </label>
      {kind === 'stdio' ? (
        <label className="field">
          <span>Command</span>
          <input
            value={command}
            onChange={(e) => setCommand(e.target.value)}
            placeholder="npx -y @modelcontextprotocol/server-filesystem ~/Documents"
            aria-label="Command"
          />
        </label>
      ) : (
        <label className="field">
          <span>URL</span>
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…/mcp" aria-label="URL" />
        </label>
      )}
      <label className="field">
        <span>{kind === 'stdio' ? 'Environment (KEY=VALUE per line)' : 'Headers (Name=value per line)'}</span>
        <textarea
          value={pairs}
          onChange={(e) => setPairs(e.target.value)}
          rows={2}
          aria-label="Environment or headers"
        />
        <p className="hint">
          {kind === 'stdio'
            ? 'Values of keys, tokens, secrets and passwords go to the credential store, not settings.json.'
            : 'Header values go to the credential store, not settings.json.'}
        </p>
      </label>
      {error && (
        <p className="error-text small" role="alert">
          {error}
        </p>
      )}
      <div className="account-actions">
        <button type="button" className="btn btn-primary" disabled={busy || !name.trim()} onClick={() => void submit()}>
          {busy ? 'Adding…' : 'Add server'}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}
