// Web UI e2e: slash-command autocomplete from command/list, and a settings change that survives a reload and lands on disk.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot, transcriptText, useWebApp } from './webApp';

describe('web UI: slash commands and settings', () => {
  const web = useWebApp();

  it('"/" lists the commands of command/list; arrows + Enter pick one; /help shows its output', async () => {
    const app = await web.open();
    const { page, h } = app;
    const commands = h.runtime.commands.list().map((c) => `/${c.name}`);
    expect(commands).toEqual(expect.arrayContaining(['/help', '/compact']));
    const box = page.getByRole('textbox', { name: 'Message' });
    const menu = page.getByRole('listbox', { name: 'Slash commands' });

    await box.pressSequentially('/');
    await menu.waitFor({ state: 'visible' });
    const names = await menu.locator('.slash-name').allInnerTexts();
    expect(names.length).toBe(Math.min(8, commands.length));
    for (const name of names) expect(commands).toContain(name);
    expect(names[0]).toBe(commands[0]);
    expect(await box.getAttribute('aria-activedescendant')).toBe(
      await menu.getByRole('option').first().getAttribute('id'),
    );
    await screenshot(page, 'slash-menu');

    // Narrow to the "co…" commands, move down one, pick with Enter.
    await box.pressSequentially('co');
    const narrowed = await menu.locator('.slash-name').allInnerTexts();
    expect(narrowed).toEqual(commands.filter((c) => c.startsWith('/co')));
    expect(narrowed.length).toBeGreaterThan(1);
    await box.press('ArrowDown');
    expect(await menu.getByRole('option', { selected: true }).locator('.slash-name').innerText()).toBe(narrowed[1]);
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe(`${narrowed[1]} `);
    expect(await menu.count()).toBe(0);

    // Esc closes the list without picking.
    await box.fill('');
    await box.pressSequentially('/he');
    await menu.waitFor({ state: 'visible' });
    await box.press('Escape');
    expect(await menu.count()).toBe(0);
    expect(await box.inputValue()).toBe('/he');

    // Pick /help with the keyboard and run it.
    await box.fill('');
    await box.pressSequentially('/hel');
    await menu.waitFor({ state: 'visible' });
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('/help ');
    await box.press('Enter');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('/compact');
    const text = await transcriptText(page);
    for (const c of h.runtime.commands.list()) expect(text).toContain(c.description);
    expect(await box.inputValue()).toBe('');
    expect(h.server.requests).toHaveLength(0);
    await screenshot(page, 'slash-help-output');
  });

  it('a changed model and approval policy persist across a reload and in settings.json', async () => {
    const app = await web.open();
    const { page, h } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const model = dialog.getByRole('textbox', { name: 'Model', exact: true });
    await model.waitFor({ state: 'visible' });
    expect(await model.inputValue()).toBe('gpt-test');
    await model.fill('gpt-e2e-model');
    await dialog
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Approvals' })
      .click();
    const policy = dialog.getByRole('combobox', { name: 'Approval policy' });
    expect(await policy.inputValue()).toBe('on-request');
    await policy.selectOption('untrusted');
    await screenshot(page, 'settings-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('footer.status-bar').innerText()).toContain('gpt-e2e-model');

    const onDisk = JSON.parse(await readFile(path.join(h.home, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ model: 'gpt-e2e-model', approvalPolicy: 'untrusted' });

    await page.reload();
    await expect
      .poll(() => page.locator('footer.status-bar').innerText(), { timeout: 10_000 })
      .toContain('gpt-e2e-model');
    await page.getByRole('button', { name: 'Settings' }).click();
    const again = page.getByRole('dialog', { name: 'Settings' });
    await expect
      .poll(() => again.getByRole('textbox', { name: 'Model', exact: true }).inputValue())
      .toBe('gpt-e2e-model');
    await again
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Approvals' })
      .click();
    expect(await again.getByRole('combobox', { name: 'Approval policy' }).inputValue()).toBe('untrusted');
    expect(h.runtime.settings.get()).toMatchObject({ model: 'gpt-e2e-model', approvalPolicy: 'untrusted' });
  });
});
