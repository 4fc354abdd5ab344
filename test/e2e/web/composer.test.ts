// Web UI e2e (issue 9 rough edges): a message typed during a turn is queued and sent when it ends (or cancelled),
// toasts stay clear of Stop, an unknown slash command gets "did you mean", and no model configured points to Settings.
import { describe, expect, it } from 'vitest';
import { scripted } from '../../support/fakeModelServer';
import { screenshot, sendMessage, transcriptText, turnCompleted, useWebApp } from './webApp';

/** A long answer made of numbered words. */
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i + 1}`).join(' ');

describe('web UI: composer', () => {
  const web = useWebApp();

  it('queues a message typed while a turn runs and sends it when the turn ends (here: Stop); Cancel takes it back', async () => {
    const app = await web.open();
    const { page, h } = app;
    // The first answer stalls after 5 words until Stop: the turn is surely running while messages are queued.
    h.server.enqueue({ kind: 'stall', outputs: [{ type: 'text', text: words(20), deltas: 20 }], afterDeltas: 5 });
    await sendMessage(page, 'First question');
    const stop = page.getByRole('button', { name: 'Stop' });
    await stop.waitFor({ timeout: 15_000 });

    // Queued, then cancelled: the text comes back into the box and nothing is sent.
    await sendMessage(page, 'Never mind this one');
    const queued = page.getByRole('status', { name: 'Queued message' });
    await expect.poll(() => queued.innerText()).toContain('Never mind this one');
    await queued.getByRole('button', { name: 'Cancel' }).click();
    expect(await queued.count()).toBe(0);
    const box = page.getByRole('textbox', { name: 'Message' });
    expect(await box.inputValue()).toBe('Never mind this one');

    // Queued for real: shown while the turn runs, Stop stays visible and clickable (no toast over it).
    h.server.enqueue(scripted.text('Answer to the follow-up.'));
    await box.fill('Follow-up question');
    await box.press('Enter');
    await expect.poll(() => queued.innerText()).toContain('Follow-up question');
    expect(await box.inputValue()).toBe('');
    expect(await stop.isVisible()).toBe(true);
    const stopBox = (await stop.boundingBox())!;
    const [x, y] = [stopBox.x + stopBox.width / 2, stopBox.y + stopBox.height / 2];
    const onTop = await page.evaluate(`document.elementFromPoint(${x}, ${y})?.closest('button.composer-send') != null`);
    expect(onTop).toBe(true);
    await screenshot(page, 'composer-queued');

    await stop.click();
    expect(await turnCompleted(h, 1, 30_000)).toBe('interrupted');
    expect(await turnCompleted(h, 2, 30_000)).toBe('completed');
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Answer to the follow-up.');
    expect(await queued.count()).toBe(0);
    const text = await transcriptText(page);
    expect(text.indexOf('word5')).toBeLessThan(text.indexOf('Follow-up question'));
    expect(text).not.toContain('Never mind this one');
    expect(JSON.stringify(h.server.requests.at(-1)?.body)).toContain('Follow-up question');
  });

  it('an unknown slash command says so and suggests the closest one instead of going to the model', async () => {
    const app = await web.open();
    const { page, h } = app;
    await sendMessage(page, '/halp me');
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Unknown command /halp');
    expect(await transcriptText(page)).toContain('Did you mean /help');
    expect(h.server.requests).toHaveLength(0);
  });

  it('/config shows settings as a readable list and /sessions lists chats that open with a click', async () => {
    const app = await web.open();
    const { page, h } = app;
    const trip = await h.runtime.sessions.create({ title: 'Trip planning' });
    const box = page.getByRole('textbox', { name: 'Message' });
    /** Types a command: the first Enter picks it in the slash menu, the second sends it. */
    const command = async (text: string) => {
      await box.fill(text);
      await box.press('Enter');
      await expect.poll(() => box.inputValue()).toBe(`${text} `);
      await box.press('Enter');
    };
    await command('/config');
    const settings = page.locator('.note-settings');
    await settings.waitFor({ timeout: 15_000 });
    expect(await settings.innerText()).toMatch(/approvalPolicy\s+on-request/);
    await command('/sessions');
    const link = page.getByRole('button', { name: trip.id });
    await link.waitFor({ timeout: 15_000 });
    await screenshot(page, 'command-output');
    await link.click();
    // Created behind the UI's back (no session/updated), so the header has no title for it: the URL names it.
    await expect.poll(() => new URL(page.url()).hash, { timeout: 15_000 }).toContain(trip.id);
  });

  it('with no model configured the error points to Settings, not to CLI commands', async () => {
    const app = await web.open({ env: { OPENAI_API_KEY: undefined } });
    const { page, h } = app;
    await sendMessage(page, 'Hello?');
    expect(await turnCompleted(h, 1, 30_000)).toBe('error');
    const alert = page.locator('.error-row');
    await expect.poll(() => alert.innerText(), { timeout: 15_000 }).toContain('No model is set up yet');
    expect(await alert.innerText()).not.toContain('deskpilot config');
    await screenshot(page, 'no-model-error');
    await alert.getByRole('button', { name: 'Open Settings' }).click();
    await page.getByRole('dialog').waitFor({ timeout: 10_000 });
  });
});
