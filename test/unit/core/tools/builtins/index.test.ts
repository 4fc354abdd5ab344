// Tests that the built-in tool list registers cleanly with the expected names and risks.
import { describe, expect, it } from 'vitest';
import { builtinTools } from '../../../../../main/core/tools/builtins';
import { ToolRegistry } from '../../../../../main/core/tools/registry';

describe('builtinTools', () => {
  it('registers every built-in with its risk', () => {
    const registry = new ToolRegistry();
    for (const tool of builtinTools()) registry.register(tool);
    const risks = Object.fromEntries(registry.list().map((t) => [t.name, t.risk]));
    expect(risks).toEqual({
      bash: 'destructive',
      edit_file: 'write',
      glob: 'read',
      grep: 'read',
      list_dir: 'read',
      open_url: 'external',
      read_document: 'read',
      read_file: 'read',
      web_fetch: 'external',
      write_file: 'write',
    });
    for (const spec of registry.toModelSpecs()) {
      expect(spec.parameters.type).toBe('object');
      expect(spec.description.length).toBeGreaterThan(10);
    }
  });

  it('passes the injected opener to open_url', async () => {
    const opened: string[] = [];
    const tool = builtinTools({ opener: async (url) => void opened.push(url) }).find((t) => t.name === 'open_url');
    await tool?.execute(
      { url: 'https://example.com/' },
      { signal: new AbortController().signal, sessionId: 's', callId: 'c', cwd: '/', log: console },
    );
    expect(opened).toEqual(['https://example.com/']);
  });
});
