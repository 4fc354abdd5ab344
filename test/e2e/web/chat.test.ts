// Web UI e2e: sending a message streams the answer progressively, Stop interrupts, reload and a second tab keep the session.
import { describe, expect, it } from 'vitest';
import { scripted } from '../../support/fakeModelServer';
import { loginPage, screenshot, sendMessage, transcriptText, turnCompleted, useWebApp } from './webApp';

/** A long answer made of numbered words, so any prefix of it is recognisable. */
function longAnswer(words: number): string {
  return Array.from({ length: words }, (_, i) => `word${i + 1}`).join(' ');
}

describe('web UI: chat', () => {
  const web = useWebApp();

  it('streams the answer progressively and swaps Send/Stop', async () => {
    const app = await web.open();
    const { page, h } = app;
    await screenshot(page, 'empty-chat');
    const answer = longAnswer(120);
    h.server.enqueue(scripted.text(answer, { deltas: 60, delayMs: 40 }));

    const send = page.getByRole('button', { name: 'Send' });
    await expect.poll(() => send.isDisabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Message' }).fill('Count for me');
    await expect.poll(() => send.isEnabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');

    // While streaming: Stop replaces Send, and a strict prefix of the answer is on screen.
    const stop = page.getByRole('button', { name: 'Stop' });
    await stop.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('word5');
    const partial = await transcriptText(page);
    expect(partial).toContain('Count for me');
    expect(partial).not.toContain('word120');
    await screenshot(page, 'chat-streaming');

    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('word120');
    expect(await turnCompleted(h)).toBe('completed');
    await send.waitFor({ state: 'visible' });
    expect(await stop.count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('');
    await screenshot(page, 'chat-answered');

    // The model got the user's text.
    const body = h.server.requests.at(-1)?.body as { input?: unknown };
    expect(JSON.stringify(body.input)).toContain('Count for me');
  });

  it('Stop interrupts a slow stream, keeps the partial text and frees the composer', async () => {
    const app = await web.open();
    const { page, h } = app;
    h.server.enqueue(scripted.text(longAnswer(200), { deltas: 200, delayMs: 50 }));
    await sendMessage(page, 'Write a lot');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('word3');
    await page.getByRole('button', { name: 'Stop' }).click();

    expect(await turnCompleted(h)).toBe('interrupted');
    await page.getByRole('button', { name: 'Send' }).waitFor({ state: 'visible', timeout: 10_000 });
    const text = await transcriptText(page);
    expect(text).toContain('word3');
    expect(text).not.toContain('word200');
    expect(text).toMatch(/stopped/i);
    await screenshot(page, 'chat-stopped');

    // The composer works again: a new turn runs to completion.
    h.server.enqueue(scripted.text('Second answer after the stop.'));
    await sendMessage(page, 'Again please');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Second answer after the stop.');
    expect(await turnCompleted(h, 2)).toBe('completed');
  });

  it('a reload shows the same session and transcript', async () => {
    const app = await web.open();
    const { page, h } = app;
    h.server.enqueue(scripted.text('The capital of France is Paris.'));
    await sendMessage(page, 'Capital of France?');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Paris');
    await turnCompleted(h);
    const url = page.url();
    expect(url).toMatch(/#\/chat\//);
    const before = await transcriptText(page);

    await page.reload();
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Paris');
    expect(page.url()).toBe(url);
    const after = await transcriptText(page);
    expect(after).toContain('Capital of France?');
    expect(after).toContain('The capital of France is Paris.');
    expect(after.replace(/\s+/g, ' ')).toBe(before.replace(/\s+/g, ' '));
  });

  it('a second tab (its own login) sees the same session streaming live', async () => {
    const app = await web.open();
    const { page, h } = app;
    h.server.enqueue(scripted.text('First answer.'));
    await sendMessage(page, 'Hello');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('First answer.');
    await turnCompleted(h);
    const hash = new URL(page.url()).hash;

    const second = await loginPage(web.browser(), h, hash);
    try {
      await expect.poll(() => transcriptText(second.page), { timeout: 10_000 }).toContain('First answer.');
      h.server.enqueue(scripted.text(longAnswer(80), { deltas: 40, delayMs: 60 }));
      await sendMessage(page, 'Keep going');
      // The other tab shows the stream while it is still running.
      await expect.poll(() => transcriptText(second.page), { timeout: 10_000 }).toContain('word10');
      expect(await transcriptText(second.page)).not.toContain('word80');
      await second.page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'visible' });
      await screenshot(second.page, 'second-tab-streaming');
      await expect.poll(() => transcriptText(second.page), { timeout: 15_000 }).toContain('word80');
      expect(await transcriptText(second.page)).toContain('Keep going');
      expect(second.pageErrors).toEqual([]);
    } finally {
      await second.context.close();
    }
  });
});
