// Importing MCP servers from Claude Desktop, Codex and pasted JSON: preview first (secrets masked), then apply.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { claudeConfigPath, fromCodex, fromJson } from '../../../../main/core/mcp/importConfig';
import { mcpOf } from '../../../../main/core/mcp/service';
import { createHarness, type Harness } from '../../../support/runtimeHarness';

let h: Harness;
let dir: string | undefined;
afterEach(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const claudeConfig = {
  mcpServers: {
    filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] },
    github: {
      command: 'docker',
      args: ['run', '-i', 'ghcr.io/github/github-mcp-server'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_secret123', LOG_LEVEL: 'info' },
    },
    remote: { type: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer abc' } },
    'bad name!': { command: 'x' },
  },
};

const codexToml = `
model = "gpt-5"

[mcp_servers.docs]
command = "docs-server"
args = ["--port", "0"]
startup_timeout_sec = 20
tool_timeout_sec = 90

[mcp_servers.docs.env]
API_KEY = "k-123"

[mcp_servers.linear]
url = "https://mcp.linear.app/mcp"
bearer_token_env_var = "LINEAR_TOKEN"

[mcp_servers.off]
command = "off-server"
enabled = false
`;

describe('MCP import', () => {
  it('reads Claude Desktop servers, with problems named', () => {
    const found = fromJson(claudeConfig);
    expect(found.map((f) => f.name)).toEqual(['filesystem', 'github', 'remote', 'bad name!']);
    expect(found[0].input).toMatchObject({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
    });
    expect(found[2].input).toMatchObject({
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: 'Bearer abc' },
    });
    expect(found[3].problem).toContain('the name');
    expect(() => fromJson({ command: 'x' })).toThrow(/without a name/);
  });

  it('reads Codex config.toml servers: timeouts in seconds, bearer token from the environment, enabled = false', () => {
    const found = fromCodex(parse(codexToml), { LINEAR_TOKEN: 'lin_tok' });
    expect(found.find((f) => f.name === 'docs')?.input).toMatchObject({
      command: 'docs-server',
      args: ['--port', '0'],
      env: { API_KEY: 'k-123' },
      startTimeoutMs: 20_000,
      toolTimeoutMs: 90_000,
    });
    expect(found.find((f) => f.name === 'linear')?.input?.headers).toEqual({ Authorization: 'Bearer lin_tok' });
    expect(found.find((f) => f.name === 'off')?.input?.enabled).toBe(false);
    expect(fromCodex(parse(codexToml), {}).find((f) => f.name === 'linear')?.problem).toContain('LINEAR_TOKEN');
  });

  it('previews (secrets masked, nothing changed) and applies from the apps default config paths', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-mcp-import-'));
    const env = { HOME: dir, XDG_CONFIG_HOME: path.join(dir, '.config'), APPDATA: path.join(dir, 'AppData') };
    const claudeFile = claudeConfigPath(env);
    await mkdir(path.dirname(claudeFile), { recursive: true });
    await writeFile(claudeFile, JSON.stringify(claudeConfig));
    await mkdir(path.join(dir, 'codex'), { recursive: true });
    await writeFile(path.join(dir, 'codex', 'config.toml'), codexToml);
    h = await createHarness({ env: { ...env, CODEX_HOME: path.join(dir, 'codex') } });
    const mcp = mcpOf(h.runtime);

    const preview = await mcp.importPreview({ from: 'claude' });
    expect(preview.path).toBe(claudeFile);
    const github = preview.servers.find((s) => s.name === 'github')!;
    expect(github.input?.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: '***', LOG_LEVEL: 'info' });
    expect(github.secretKeys).toEqual(['env:GITHUB_PERSONAL_ACCESS_TOKEN']);
    expect(JSON.stringify(preview)).not.toContain('ghp_secret123');
    expect(Object.keys(h.runtime.settings.get().mcp.servers)).toEqual([]);

    const applied = await mcp.importApply({ from: 'claude' }, ['github', 'bad name!']);
    expect(applied.added).toEqual(['github']);
    expect(applied.skipped[0]).toMatchObject({ name: 'bad name!' });
    const saved = h.runtime.settings.get().mcp.servers.github;
    expect(saved.env.GITHUB_PERSONAL_ACCESS_TOKEN).toEqual({ secret: 'mcp.github.env.GITHUB_PERSONAL_ACCESS_TOKEN' });
    expect(await h.runtime.credentials.get('mcp.github.env.GITHUB_PERSONAL_ACCESS_TOKEN')).toBe('ghp_secret123');
    await mcp.setEnabled('github', false);

    const codex = await mcp.importPreview({ from: 'codex' });
    expect(codex.servers.map((s) => s.name).sort()).toEqual(['docs', 'linear', 'off']);
    const again = await mcp.importApply({ from: 'claude' }, ['github']);
    expect(again.skipped).toEqual([{ name: 'github', why: 'exists already' }]);
    await expect(mcp.importPreview({ file: path.join(h.home, 'nope.json') })).rejects.toThrow(/does not exist/);
  }, 60_000);
});
