// Web UI e2e (issue 9 #3): after 429 (retries used up), Retry, 500 (retries used up), Retry, success, the transcript
// reads in the order things happened, live and after a reload, and a later turn follows the answer.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scripted } from '../../support/fakeModelServer';
import { screenshot, sendMessage, transcriptText, turnCompleted, useWebApp } from './webApp';

/** In the page: the kinds of the transcript rows on screen, top to bottom (`user`, `assistant:<text>`, `error:<text>`). */
const ROW_KINDS = `[...document.querySelectorAll('[aria-label="Conversation"] .transcript-row')]
  .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
  .flatMap((row) => {
    if (row.querySelector('.msg-user')) return ['user'];
    if (row.querySelector('.error-row')) return ['error:' + row.querySelector('.error-text span').textContent];
    if (row.querySelector('.msg-assistant')) return ['assistant:' + row.textContent.trim().slice(0, 30)];
    return [];
  })`;

const rowKinds = (page: Page) => page.evaluate(ROW_KINDS) as Promise<string[]>;

describe('web UI: transcript order after retries', () => {
  const web = useWebApp();

  it('keeps each failed retry above the answer that followed it, live and after a reload', async () => {
    const app = await web.open({ settings: { retryMaxAttempts: 2 } });
    const { page, h } = app;
    const fast = { headers: { 'retry-after-ms': '10' } };
    h.server.enqueue(scripted.httpError(429, fast), scripted.httpError(429, fast));
    await sendMessage(page, 'Hello there');
    expect(await turnCompleted(h, 1, 30_000)).toBe('error');
    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.waitFor({ timeout: 15_000 });

    h.server.enqueue(scripted.httpError(500, fast), scripted.httpError(500, fast));
    await retry.click();
    expect(await turnCompleted(h, 2, 30_000)).toBe('error');
    await expect.poll(() => page.locator('.error-row').count(), { timeout: 15_000 }).toBe(2);

    h.server.enqueue(scripted.text('The answer after two failures.'));
    await page.getByRole('button', { name: 'Retry' }).click();
    expect(await turnCompleted(h, 3, 30_000)).toBe('completed');
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('The answer after two failures.');

    const expectOrder = (kinds: string[]) => {
      expect(kinds.map((k) => k.split(':')[0])).toEqual(['user', 'error', 'error', 'assistant']);
      expect(kinds[1]).toMatch(/429|rate|limit/i);
      expect(kinds[2]).toMatch(/500|server/i);
    };
    expectOrder(await rowKinds(page));
    // A failed turn with no token counts shows no "0 in 0 out" line.
    expect(await transcriptText(page)).not.toMatch(/\b0 in\b/);
    await screenshot(page, 'retry-order');

    await page.reload();
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('The answer after two failures.');
    await expect.poll(() => rowKinds(page).then((k) => k.length)).toBe(4);
    expectOrder(await rowKinds(page));

    // The next turn comes after the answer; the old error card does not stick to the bottom.
    h.server.enqueue(scripted.text('Second answer.'));
    await sendMessage(page, 'And now?');
    expect(await turnCompleted(h, 4, 30_000)).toBe('completed');
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Second answer.');
    const kinds = await rowKinds(page);
    expect(kinds.map((k) => k.split(':')[0])).toEqual(['user', 'error', 'error', 'assistant', 'user', 'assistant']);
  });
});
