// Web UI e2e (issue 9, everyday chat controls): edit and resend, regenerate, export, copy a whole answer, shortcuts.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { scripted } from '../../support/fakeModelServer';
import { screenshot, sendMessage, transcriptText, turnCompleted, useWebApp } from './webApp';

describe('web UI: chat controls', () => {
  const web = useWebApp();

  it('edits a message and resends it in a new branch, regenerates an answer, exports and copies', async () => {
    const app = await web.open();
    const { page, h, context } = app;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    h.server.enqueue(scripted.text('Answer one.'), scripted.text('Answer **two**.'));
    await sendMessage(page, 'Question one');
    await turnCompleted(h, 1, 30_000);
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Answer one.');
    await sendMessage(page, 'Question two');
    await turnCompleted(h, 2, 30_000);
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Answer two.');
    const original = new URL(page.url()).hash;

    // Copy the whole answer (markdown source).
    await page.locator('.msg-assistant').last().hover();
    await page.getByRole('button', { name: 'Copy message' }).last().click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe('Answer **two**.');

    // Export as Markdown and JSON.
    const [mdDownload] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: 'Export chat' })
        .click()
        .then(() => page.getByRole('menuitem', { name: 'Markdown (.md)' }).click()),
    ]);
    expect(mdDownload.suggestedFilename()).toMatch(/\.md$/);
    const md = await readFile((await mdDownload.path())!, 'utf8');
    expect(md).toContain('Question two');
    expect(md).toContain('Answer **two**.');
    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: 'Export chat' })
        .click()
        .then(() => page.getByRole('menuitem', { name: 'JSON (.json)' }).click()),
    ]);
    const doc = JSON.parse(await readFile((await jsonDownload.path())!, 'utf8')) as { format: string };
    expect(doc.format).toBe('deskpilot.session');

    // Edit the second question: a new branch with the first exchange and the edited question; the original stays.
    h.server.enqueue(scripted.text('Answer to the edited question.'));
    await page.locator('.msg-user').last().hover();
    await page.getByRole('button', { name: 'Edit message' }).last().click();
    const editor = page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Question two, edited');
    await screenshot(page, 'edit-message');
    await editor.press('Enter');
    await turnCompleted(h, 3, 30_000);
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Answer to the edited question.');
    const branch = await transcriptText(page);
    expect(branch).toContain('Question one');
    expect(branch).toContain('Answer one.');
    expect(branch).not.toContain('Answer two.');
    expect(new URL(page.url()).hash).not.toBe(original);
    await expect.poll(() => page.locator('.session-list li').count()).toBe(2);
    const titles = await page.locator('.session-list li').allInnerTexts();
    expect(new Set(titles).size).toBe(2);

    // Regenerate the answer: another branch up to the question, with a fresh answer.
    h.server.enqueue(scripted.text('A regenerated answer.'));
    const edited = new URL(page.url()).hash;
    await page.locator('.msg-assistant').last().hover();
    await page.getByRole('button', { name: 'Regenerate answer' }).last().click();
    await turnCompleted(h, 4, 30_000);
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('A regenerated answer.');
    const regenerated = await transcriptText(page);
    expect(regenerated).toContain('Question two, edited');
    expect(regenerated).not.toContain('Answer to the edited question.');
    expect(new URL(page.url()).hash).not.toBe(edited);
    expect(JSON.stringify(h.server.requests.at(-1)?.body)).toContain('Question two, edited');

    // The original chat is unchanged.
    await page.goto(page.url().replace(/#.*$/, original));
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Answer two.');
    expect(await transcriptText(page)).not.toContain('edited');

    // Edit the very first question: a branch linked to the original (not an unrelated new chat) with only the edit.
    h.server.enqueue(scripted.text('Answer to the new first question.'));
    await page.locator('.msg-user').first().hover();
    await page.getByRole('button', { name: 'Edit message' }).first().click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill('Question one, rewritten');
    await page.getByRole('textbox', { name: 'Edit message' }).press('Enter');
    await turnCompleted(h, 5, 30_000);
    await expect.poll(() => transcriptText(page), { timeout: 15_000 }).toContain('Answer to the new first question.');
    const rewritten = await transcriptText(page);
    expect(rewritten).not.toContain('Answer one.');
    expect(new URL(page.url()).hash).not.toBe(original);
    const firstBranch = (await h.runtime.sessions.list()).find(
      (s) => s.id === new URL(page.url()).hash.split('/').pop(),
    );
    expect(firstBranch?.forkedFrom).toEqual({ id: original.split('/').pop(), seq: 0 });
    await expect.poll(() => page.locator('.session-list li').count()).toBe(4);
  });

  it('keyboard shortcuts: help, search, settings, new chat, focus composer, stop', async () => {
    const app = await web.open();
    const { page, h } = app;
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.waitFor();
    await page.locator('body').click({ position: { x: 600, y: 300 } });

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor({ timeout: 10_000 });
    expect(await help.innerText()).toContain('New chat');
    await screenshot(page, 'shortcut-help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    await page.keyboard.press('Control+k');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Search chats');
    await page.keyboard.press('Shift+Escape');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Message');

    await page.keyboard.press('Control+,');
    await page.getByRole('dialog', { name: 'Settings' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Settings' }).waitFor({ state: 'hidden' });

    // Stop a running answer from the message box, then start a new chat.
    h.server.enqueue({
      kind: 'stall',
      outputs: [{ type: 'text', text: 'one two three four', deltas: 4 }],
      afterDeltas: 2,
    });
    await sendMessage(page, 'Talk slowly');
    await page.getByRole('button', { name: 'Stop' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+Shift+X');
    expect(await turnCompleted(h, 1, 30_000)).toBe('interrupted');
    await page.keyboard.press('Control+Shift+O');
    await expect.poll(() => page.locator('.chat-title').innerText()).toBe('New chat');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Message');
  });
});
