// Web UI e2e (issue 14): Settings → MCP servers in Chromium: add a real stdio server, see it ready with its tools and
// their risk, save an "always allow" rule after its preview, see a failure with its reason and stderr, disable,
// import from pasted JSON with a preview, remove.
import { describe, expect, it } from 'vitest';
import { MCP_TEST_SERVER, waitForMcp } from '../../support/mcpWait';
import { screenshot, useWebApp } from './webApp';

describe('web UI: Settings → MCP servers', () => {
  const web = useWebApp();

  it('every control works: add, status, tools, allow rule, failure details, disable, import, remove', async () => {
    const app = await web.open();
    const { page, h } = app;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'MCP servers' }).click();
    await page.getByText('No MCP servers yet.').waitFor();

    // Add a stdio server (the real SDK test server through node + tsx).
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByLabel('Server name').fill('test');
    const command = `"${process.execPath}" --import tsx "${MCP_TEST_SERVER}"`;
    await page.getByLabel('Command', { exact: true }).fill(command);
    await page.getByLabel('Environment or headers').fill('API_TOKEN=tok-ui-9');
    await page.getByRole('button', { name: 'Add server', exact: true }).last().click();
    const row = page.getByRole('listitem', { name: 'MCP server test' });
    await expect.poll(() => row.innerText(), { timeout: 60_000 }).toMatch(/ready · \d+ tools/);
    expect(await row.innerText()).toContain('In the credential store: env:API_TOKEN');

    // Tools with their risk; "Always allow…" shows the rule before saving it.
    await row.getByRole('button', { name: 'Tools' }).click();
    const tools = row.getByRole('list', { name: 'Tools of test' });
    await expect.poll(() => tools.innerText()).toContain('test__echo');
    const text = await tools.innerText();
    expect(text).toMatch(/test__wipe\s+destructive/);
    expect(text).toMatch(/test__shout\s+external/);
    await row.getByRole('button', { name: 'Always allow this server…' }).click();
    await expect.poll(() => row.getByRole('group', { name: 'Rule preview' }).innerText()).toContain('rule test__*');
    await row.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => row.innerText()).toContain('Saved: always allow test__*');
    expect(h.runtime.grants.listRules()).toEqual([expect.objectContaining({ tool: 'test__*', match: {} })]);
    await screenshot(page, 'settings-mcp');

    // Disable and enable with the switch.
    await row.getByRole('switch', { name: 'Enable test' }).click();
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain('disabled');
    await row.getByRole('switch', { name: 'Enable test' }).click();
    await expect.poll(() => row.innerText(), { timeout: 60_000 }).toMatch(/ready · \d+ tools/);

    // Import a broken server from pasted JSON: preview, add, see its failure with the reason; restart keeps it failed.
    await page.getByRole('button', { name: 'Import…' }).click();
    await page.getByRole('radio', { name: 'Paste JSON' }).click();
    await page
      .getByLabel('Pasted JSON')
      .fill(
        JSON.stringify({ mcpServers: { broken: { command: 'deskpilot-no-such-command' }, test: { command: 'x' } } }),
      );
    await page.getByRole('button', { name: 'Preview' }).click();
    const importPanel = page.getByRole('group', { name: 'Import MCP servers' });
    await expect.poll(() => importPanel.innerText()).toContain('A server with this name exists already.');
    await importPanel.getByRole('button', { name: 'Add 1 server' }).click();
    await expect.poll(() => importPanel.innerText()).toContain('Added broken.');
    const broken = page.getByRole('listitem', { name: 'MCP server broken' });
    await expect
      .poll(() => broken.innerText(), { timeout: 30_000 })
      .toContain('Command "deskpilot-no-such-command" was not found');
    await broken.getByRole('button', { name: 'Restart' }).click();
    await waitForMcp(h.runtime, 'broken', (s) => s.state === 'failed');

    // Remove asks once more, then the row is gone.
    await broken.getByRole('button', { name: 'Remove…' }).click();
    await broken.getByRole('button', { name: 'Remove broken' }).click();
    await expect.poll(() => page.getByRole('listitem', { name: 'MCP server broken' }).count()).toBe(0);
    expect(Object.keys(h.runtime.settings.get().mcp.servers)).toEqual(['test']);
  }, 180_000);
});
