// Web UI e2e (issue 9 #6): the Memory and Context panels follow runtime events live, without switching tabs.
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins/index';
import { scripted } from '../../support/fakeModelServer';
import { screenshot, sendMessage, transcriptText, turnCompleted, useWebApp } from './webApp';

describe('web UI: panels follow events', () => {
  const web = useWebApp();

  it('the Memory count changes after /remember while the tab stays open', async () => {
    const app = await web.open({ plugins: builtinPlugins });
    const { page } = app;
    await page.getByRole('button', { name: 'Context panel' }).click();
    await page.getByRole('tab', { name: 'Memory' }).click();
    const status = page.locator('.memory-status');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/^0 memories/);

    await sendMessage(page, '/remember The user prefers tea over coffee');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toMatch(/^1 memory\b/);
    await expect.poll(() => page.locator('.side-panel').innerText()).toContain('The user prefers tea over coffee');
    await screenshot(page, 'memory-panel-live');
  });

  it('the Context panel lists the providers the receipt shows as run, as soon as the turn gathered them', async () => {
    const app = await web.open({ plugins: builtinPlugins });
    const { page, h } = app;
    await page.getByRole('button', { name: 'Context panel' }).click();
    await page.getByRole('tab', { name: 'Context' }).click();
    const providers = page.locator('.provider-list');
    await expect.poll(() => providers.innerText(), { timeout: 30_000 }).toContain('Not used yet.');

    h.server.enqueue(scripted.text('Noted.'));
    await sendMessage(page, 'Hello');
    expect(await turnCompleted(h, 1, 30_000)).toBe('completed');
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Noted.');
    const ran = h.events.find((e) => e.type === 'context_gathered');
    const titles = ran?.type === 'context_gathered' ? ran.receipt.map((r) => r.title) : [];
    expect(titles.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.receipt').innerText(), { timeout: 15_000 }).toMatch(/providers? ran/);
    // Every provider that ran now shows what it injected; none of them still says "Not used yet.".
    for (const title of titles) {
      // By exact title: a title can be part of another provider's text (e.g. "Schedule" in its entry).
      const item = providers
        .locator('li.provider')
        .filter({ has: page.locator('.provider-title').getByText(title, { exact: true }) });
      await expect.poll(() => item.innerText(), { timeout: 15_000 }).toMatch(/Last injected|Last run failed/);
    }
    await screenshot(page, 'context-panel-live');
  });
});
