// Settings → MCP servers (issue 14): the configured servers with live status, and adding or importing servers.
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useMcp } from '../../stores/mcp';
import { McpAddForm } from '../mcp/McpAddForm';
import { McpImport } from '../mcp/McpImport';
import { McpServerRow } from '../mcp/McpServerRow';

/** The MCP servers section; follows `mcp/statusChanged` while shown. */
export function McpSection() {
  const servers = useMcp((s) => s.servers);
  const [panel, setPanel] = useState<'none' | 'add' | 'import'>('none');

  useEffect(() => {
    void useMcp.getState().refresh();
    return api.on('mcp/statusChanged', (status) => useMcp.getState().applyStatus(status));
  }, []);

  return (
    <div className="section">
      <h3>MCP servers</h3>
      <p className="hint">
        Tools from other programs over the Model Context Protocol. Their tools appear as <code>server__tool</code> and
        ask for approval like built-in tools.
      </p>
      <div className="account-actions">
        <button type="button" className="btn" onClick={() => setPanel(panel === 'add' ? 'none' : 'add')}>
          Add server
        </button>
        <button type="button" className="btn" onClick={() => setPanel(panel === 'import' ? 'none' : 'import')}>
          Import…
        </button>
      </div>
      {panel === 'add' && <McpAddForm onDone={() => setPanel('none')} />}
      {panel === 'import' && <McpImport onDone={() => setPanel('none')} />}
      {servers.length === 0 ? (
        <p className="muted small">No MCP servers yet. Add one, or import your Claude Desktop or Codex servers.</p>
      ) : (
        <ul className="plugin-list">
          {servers.map((view) => (
            <McpServerRow key={view.name} view={view} />
          ))}
        </ul>
      )}
    </div>
  );
}
