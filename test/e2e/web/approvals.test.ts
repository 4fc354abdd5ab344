// Web UI e2e: a write_file call waits for approval; Allow once, Deny (with reason), Allow for session, Always allow, and a shortcut.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scripted, type CapturedRequest } from '../../support/fakeModelServer';
import { screenshot, sendMessage, transcriptText, turnCompleted, useWebApp } from './webApp';

/** The approval card for `tool` (a group named "Approval needed: <tool>"). */
function approvalCard(page: Page, tool = 'write_file') {
  return page.getByRole('group', { name: `Approval needed: ${tool}` });
}

/** The `function_call_output` item with `callId` in a captured Responses request, or undefined. */
function outputFor(request: CapturedRequest | undefined, callId: string): { output?: string } | undefined {
  const input =
    (request?.body as { input?: Array<{ type?: string; call_id?: string; output?: string }> } | undefined)?.input ?? [];
  return input.find((i) => i.type === 'function_call_output' && i.call_id === callId);
}

describe('web UI: tool approvals', () => {
  const web = useWebApp();
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-approve-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('shows tool, exact arguments and risk; "Allow once" runs the tool', async () => {
    const app = await web.open();
    const { page, h } = app;
    const target = path.join(dir, 'once.txt');
    h.server.enqueue(
      scripted.toolCalls({
        name: 'write_file',
        arguments: { path: target, content: 'hello once' },
        callId: 'call_once',
      }),
      scripted.text('File written.'),
    );
    await sendMessage(page, 'Write the file');

    const card = approvalCard(page);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.getByText('write_file', { exact: true }).count()).toBeGreaterThan(0);
    const args = JSON.parse(await card.getByLabel('Arguments').innerText());
    expect(args).toEqual({ path: target, content: 'hello once' });
    expect(await card.innerText()).toMatch(/\bwrite\b/);
    expect(existsSync(target)).toBe(false);
    await screenshot(page, 'approval-card');

    await card.getByRole('button', { name: 'Allow once' }).click();
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('File written.');
    expect(await readFile(target, 'utf8')).toBe('hello once');
    expect(await card.count()).toBe(0);
    expect(outputFor(h.server.requests.at(-1), 'call_once')?.output).toMatch(/Wrote 10 bytes/);
  });

  it('"Deny" with a reason does not run the tool and sends the reason to the model', async () => {
    const app = await web.open();
    const { page, h } = app;
    const target = path.join(dir, 'deny.txt');
    h.server.enqueue(
      scripted.toolCalls({ name: 'write_file', arguments: { path: target, content: 'nope' }, callId: 'call_deny' }),
      scripted.text('Understood, not writing.'),
    );
    await sendMessage(page, 'Write the file');

    const card = approvalCard(page);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    await card.getByRole('button', { name: 'Add a reason' }).click();
    const reason = 'Not in my home folder, please';
    await card.getByRole('textbox', { name: 'Reason for denying (sent to the model)' }).fill(reason);
    await card.getByRole('button', { name: 'Deny' }).click();

    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Understood, not writing.');
    expect(existsSync(target)).toBe(false);
    const output = outputFor(h.server.requests.at(-1), 'call_deny')?.output ?? '';
    expect(output).toContain(reason);
    expect(await transcriptText(page)).toMatch(/denied/);
  });

  it('a call no rule could cover shows only Allow once and Deny, with the reason', async () => {
    const app = await web.open();
    const { page, h } = app;
    h.server.enqueue(
      scripted.toolCalls({
        name: 'bash',
        arguments: { command: 'echo hi > /tmp/deskpilot-e2e-unusable.txt' },
        callId: 'call_u',
      }),
      scripted.text('Not written.'),
    );
    await sendMessage(page, 'Write outside');
    const card = approvalCard(page, 'bash');
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.getByLabel('Why no rule is offered').innerText()).toMatch(
      /no rule can allow it later \(a redirection targets > \/tmp\/deskpilot-e2e-unusable.txt/,
    );
    expect(await card.getByRole('button', { name: 'Always allow' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Allow for session' }).count()).toBe(0);
    await screenshot(page, 'approval-no-rule');
    await card.getByRole('button', { name: 'Deny' }).click();
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Not written.');
  });

  it('"Allow for session": a second identical call in the same session does not ask', async () => {
    const app = await web.open();
    const { page, h } = app;
    const target = path.join(dir, 'session.txt');
    const call = { name: 'write_file', arguments: { path: target, content: 'same content' } };
    h.server.enqueue(scripted.toolCalls({ ...call, callId: 'call_s1' }), scripted.text('First write done.'));
    await sendMessage(page, 'Write it');
    const card = approvalCard(page);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    await card.getByRole('button', { name: 'Allow for session' }).click();
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('First write done.');
    await turnCompleted(h);
    expect(await readFile(target, 'utf8')).toBe('same content');
    await rm(target);

    h.server.enqueue(scripted.toolCalls({ ...call, callId: 'call_s2' }), scripted.text('Second write done.'));
    await sendMessage(page, 'Write it again');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Second write done.');
    await turnCompleted(h, 2);
    expect(await readFile(target, 'utf8')).toBe('same content');
    const asked = h.events
      .filter((e) => e.type === 'approval_requested')
      .map((e) => (e as { approval: { callId: string } }).approval.callId);
    expect(asked).toEqual(['call_s1']);
    expect(await approvalCard(page).count()).toBe(0);
  });

  it('"Always allow" shows the rule before saving; the rule lands in approvals.json and in Settings', async () => {
    const app = await web.open();
    const { page, h } = app;
    const target = path.join(dir, 'always.txt');
    h.server.enqueue(
      scripted.toolCalls({ name: 'write_file', arguments: { path: target, content: 'always' }, callId: 'call_always' }),
      scripted.text('Saved the rule.'),
    );
    await sendMessage(page, 'Write it');
    const card = approvalCard(page);
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    await card.getByRole('button', { name: 'Always allow' }).click();

    // The preview names the tool and the exact pattern, and nothing is saved yet.
    const preview = page.getByRole('group', { name: 'Rule to save' });
    await preview.waitFor({ state: 'visible' });
    expect(await preview.innerText()).toContain('write_file');
    expect(await preview.getByRole('textbox').inputValue()).toBe(target);
    expect(existsSync(path.join(h.home, 'approvals.json'))).toBe(false);
    await screenshot(page, 'approval-always-preview');
    await preview.getByRole('button', { name: 'Save rule and allow' }).click();

    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Saved the rule.');
    expect(await readFile(target, 'utf8')).toBe('always');
    const saved = JSON.parse(await readFile(path.join(h.home, 'approvals.json'), 'utf8')) as {
      rules: Array<{ tool: string; match: Record<string, string> }>;
    };
    expect(saved.rules).toHaveLength(1);
    expect(saved.rules[0]).toMatchObject({ tool: 'write_file', match: { path: target } });

    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Approvals' })
      .click();
    await dialog.getByRole('button', { name: 'Revoke rule for write_file' }).waitFor({ state: 'visible' });
    expect(await dialog.innerText()).toContain(target);
    await screenshot(page, 'settings-approval-rules');
  });

  it('keyboard: Esc leaves the message box, then "1" allows once', async () => {
    const app = await web.open();
    const { page, h } = app;
    const target = path.join(dir, 'keyboard.txt');
    h.server.enqueue(
      scripted.toolCalls({ name: 'write_file', arguments: { path: target, content: 'typed' }, callId: 'call_key' }),
      scripted.text('Done by keyboard.'),
    );
    await sendMessage(page, 'Write it');
    await approvalCard(page).waitFor({ state: 'visible', timeout: 10_000 });
    // While typing in the composer, "1" is text, not a decision.
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.focus();
    await page.keyboard.press('1');
    expect(await box.inputValue()).toBe('1');
    expect(existsSync(target)).toBe(false);
    await box.fill('');
    await page.keyboard.press('Escape');
    await page.keyboard.press('1');

    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Done by keyboard.');
    expect(await readFile(target, 'utf8')).toBe('typed');
    const decided = h.events.find((e) => e.type === 'approval_decided' && e.callId === 'call_key') as
      { decision?: { type: string } } | undefined;
    expect(decided?.decision?.type).toBe('allow_once');
  });
});
