// `deskpilot mcp add/list/tools/import/disable/remove` as real CLI processes on a temp home, with the real stdio test
// MCP server (test/support/mcpTestServer.ts).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_TEST_SERVER } from '../../support/mcpWait';
import { runCli } from '../../support/runCli';

let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-cli-mcp-'));
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file' }));
  env = { PATH: process.env.PATH, HOME: home, DESKPILOT_HOME: home, CODEX_HOME: path.join(home, 'codex') };
});
afterAll(async () => rm(home, { recursive: true, force: true }));

describe('deskpilot mcp', () => {
  it('add -- <command> starts the server and prints its status; list and tools show it; secrets stay out of settings', async () => {
    const added = await runCli(
      [
        'mcp',
        'add',
        'test',
        '--env',
        'API_TOKEN=tok-cli-77',
        '--',
        process.execPath,
        '--import',
        'tsx',
        MCP_TEST_SERVER,
      ],
      env,
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added MCP server test.');
    expect(added.stdout).toMatch(/^test {2}ready, \d+ tools {2}stdio {2}/m);
    expect(added.stdout).toContain('in the credential store: env:API_TOKEN');
    expect(await readFile(path.join(home, 'settings.json'), 'utf8')).not.toContain('tok-cli-77');

    const list = await runCli(['mcp', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const views = JSON.parse(list.stdout) as Array<{ name: string; status: { state: string } }>;
    expect(views).toEqual([
      expect.objectContaining({ name: 'test', status: expect.objectContaining({ state: 'ready' }) }),
    ]);

    const tools = await runCli(['mcp', 'tools', 'test'], env);
    expect(tools.code).toBe(0);
    expect(tools.stdout).toMatch(/^test__echo\s+read\s+Echoes the text back\./m);
    expect(tools.stdout).toMatch(/^test__wipe\s+destructive\s+/m);
  }, 240_000);

  it('a failing server is listed with its reason; disable and remove work; bad input is a usage error', async () => {
    const added = await runCli(['mcp', 'add', 'broken', '--', 'deskpilot-no-such-command'], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^broken {2}failed {2}stdio/m);
    expect(added.stdout).toContain('Command "deskpilot-no-such-command" was not found');
    const disabled = await runCli(['mcp', 'disable', 'broken'], env);
    expect(disabled.stdout).toMatch(/^broken {2}disabled/m);
    expect((await runCli(['mcp', 'remove', 'broken'], env)).stdout).toContain('Removed MCP server broken.');
    const both = await runCli(['mcp', 'add', 'x', '--url', 'http://127.0.0.1:1/mcp', '--', 'cmd'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either a command after -- or --url');
  }, 240_000);

  it('import --from FILE previews, and adds only with --yes', async () => {
    const file = path.join(home, 'claude_desktop_config.json');
    await writeFile(
      file,
      JSON.stringify({ mcpServers: { fromclaude: { command: 'deskpilot-no-such-command', args: ['x'] } } }),
    );
    const preview = await runCli(['mcp', 'import', '--from', file], env);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain(`From ${file}:`);
    expect(preview.stdout).toContain('fromclaude  deskpilot-no-such-command x');
    expect(preview.stdout).toContain('Run again with --yes to add fromclaude.');
    const applied = await runCli(['mcp', 'import', '--from', file, '--yes'], env);
    expect(applied.stdout).toContain('Added fromclaude.');
    const settings = JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'));
    expect(settings.mcp.servers.fromclaude).toMatchObject({ command: 'deskpilot-no-such-command', args: ['x'] });
  }, 240_000);
});
