// Web UI e2e (issue 9): /compact in a long chat marks the cut in the transcript as it happens, at the point the
// summary starts, and the mark is still there after a reload (it comes from the session file's compaction record),
// as is the command's own output (a note record).
import { describe, expect, it } from 'vitest';
import { scripted } from '../../support/fakeModelServer';
import { screenshot, sendMessage, transcriptText, useWebApp } from './webApp';
import { assistantItem, userItem } from '../../support/items';

describe('web UI: compaction marker', () => {
  const web = useWebApp();

  it('/compact shows the marker live, after the summarized messages, and keeps it across a reload', async () => {
    const app = await web.open();
    const { page, h } = app;
    const session = await h.runtime.sessions.create({ title: 'Long trip planning' });
    const detail = ' with every detail of the day'.repeat(40);
    for (let t = 0; t < 6; t++)
      await h.runtime.sessions.appendItems(session.id, `t${t}`, [
        userItem(`Day ${t} question${detail}`),
        assistantItem(`Day ${t} answer${detail}`),
      ]);
    await page.goto(`${new URL(page.url()).origin}/#/chat/${session.id}`);
    await page.reload();
    await page.locator('.session-list li', { hasText: 'Long trip planning' }).waitFor({ timeout: 15_000 });
    const region = page.getByRole('region', { name: 'Conversation' });
    await expect.poll(() => transcriptText(page), { timeout: 20_000 }).toContain('Day 5 answer');
    const marker = region.getByRole('note').filter({ hasText: 'Earlier messages were summarized for the model' });
    expect(await marker.count()).toBe(0);

    h.server.enqueue(scripted.text('- The user planned days 0 to 4 of a trip.'));
    // The trailing space closes the slash menu, so Enter runs the command (as a user who typed it whole).
    await sendMessage(page, '/compact ');
    await marker.waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toMatch(/Compacted \d+ earlier items/);
    const order = async () => {
      const text = await transcriptText(page);
      return {
        marker: text.indexOf('Earlier messages were summarized'),
        kept: text.lastIndexOf('Day 5 question'),
      };
    };
    const live = await order();
    // The transcript is virtualized, so the summarized messages far above may not be rendered: the marker sits
    // above the kept last exchange, not below the newest message (where a live note would land).
    expect(live.marker).toBeGreaterThanOrEqual(0);
    expect(live.marker).toBeLessThan(live.kept);
    await screenshot(page, 'compact-marker-live');
    // Seeded messages carry no usage: the status bar shows no token count rather than "0 tokens" (issue 9).
    expect(await page.locator('footer.status-bar').innerText()).not.toMatch(/\b0 tokens/);

    const loaded = await h.runtime.sessions.load(session.id);
    expect(loaded.compactions).toHaveLength(1);
    await page.reload();
    await marker.waitFor({ state: 'visible', timeout: 20_000 });
    const reloaded = await order();
    expect(reloaded.marker).toBeGreaterThanOrEqual(0);
    expect(reloaded.marker).toBeLessThan(reloaded.kept);
    expect(await marker.count()).toBe(1);
    // The command's output is kept in the chat too (it was only in the page before): after the reload it is back.
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toMatch(/Compacted \d+ earlier items/);
  });
});
