// Web UI e2e: the Schedule view — create a wakeup with the cron helper and a live preview of the next five times,
// run it now against the fake model server, see its receipt and open its session; the run is marked in the sidebar;
// pause/resume, edit and delete work; the away digest shows when the page becomes visible again.
import { describe, expect, it } from 'vitest';
import { scripted } from '../../support/fakeModelServer';
import { screenshot, useWebApp } from './webApp';

describe('web UI: Schedule view', () => {
  const web = useWebApp();

  it('creates with preview, runs now, shows receipts, edits, pauses and deletes', async () => {
    const { page, h } = await web.open();
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const view = page.getByRole('region', { name: 'Schedule' });
    await expect.poll(() => view.textContent()).toContain('No wakeups yet');

    await view.getByRole('button', { name: 'New wakeup' }).click();
    const form = page.getByRole('form', { name: 'New wakeup' });
    await form.getByLabel('Prompt').fill('Summarize the new files in ~/Inbox');
    await form.getByLabel('Title').fill('Inbox summary');
    await form.getByRole('radio', { name: 'Cron' }).check();
    await form.getByLabel('Cron helper').selectOption('0 8 * * 1-5');
    expect(await form.getByLabel('Cron expression').inputValue()).toBe('0 8 * * 1-5');
    await form.getByLabel('Time zone').fill('UTC');
    const preview = form.getByLabel('Next times');
    await expect.poll(() => preview.locator('li').count(), { timeout: 10_000 }).toBe(5);
    // Weekdays only, at 08:00 UTC, in the browser's zone (the test browser runs in the machine's zone).
    const times = await preview.locator('li').allTextContents();
    for (const t of times) expect(t).not.toMatch(/^(Sat|Sun)/);

    // A bad expression gets the runtime's error with an example.
    await form.getByLabel('Cron expression').fill('0 8 * *');
    await expect.poll(() => preview.textContent()).toContain('a cron expression has 5');
    await form.getByLabel('Cron expression').fill('0 8 * * 1-5');
    await expect.poll(() => preview.locator('li').count()).toBe(5);

    // Envelope: allow bash for `git status` only, a smaller budget.
    await form.getByRole('button', { name: 'Allow a tool' }).click();
    await form.getByLabel('Tool 1', { exact: true }).fill('bash');
    await form.getByLabel('Constraint 1', { exact: true }).fill('git status');
    await form.getByLabel('Tool calls').fill('10');
    await form.getByLabel('Max lateness').fill('2h');
    await form.getByLabel('Test now (run once right away)').uncheck();
    await screenshot(page, 'schedule-form');
    await form.getByRole('button', { name: 'Create' }).click();

    const item = view.getByRole('listitem').filter({ hasText: 'Inbox summary' });
    await expect.poll(() => item.textContent()).toContain('Next:');
    const [stored] = h.runtime.scheduler.list();
    expect(stored).toMatchObject({
      title: 'Inbox summary',
      schedule: { type: 'cron', expr: '0 8 * * 1-5', tz: 'UTC' },
      misfire: { policy: 'once', maxLatenessMs: 7_200_000 },
      envelope: { grants: [{ tool: 'bash', commands: ['git status'] }], budget: { toolCalls: 10 } },
      createdBy: 'user',
    });

    // Run now: the fake model receives the prompt; the receipt shows with a link to its session.
    h.server.enqueue(scripted.text('Three new files: a.pdf, b.txt, c.png.'));
    await item.getByRole('button', { name: 'Run now' }).click();
    const runs = page.getByRole('list', { name: 'Runs' });
    await expect.poll(() => runs.textContent(), { timeout: 20_000 }).toContain('succeeded');
    expect(await runs.textContent()).toContain('Three new files');
    expect(JSON.stringify(h.server.requests.at(-1)!.body)).toContain('Summarize the new files in ~/Inbox');
    await expect.poll(() => item.textContent()).toContain('succeeded');
    await expect.poll(() => page.getByLabel('Scheduled run').count()).toBe(1);
    await screenshot(page, 'schedule-receipts');

    // Pause and resume.
    await item.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => item.textContent()).toContain('Paused');
    expect(h.runtime.scheduler.get(stored.id).enabled).toBe(false);
    await item.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => item.textContent()).toContain('Next:');

    // Edit: a new title and an interval schedule.
    await item.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit wakeup' });
    expect(await edit.getByLabel('Cron expression').inputValue()).toBe('0 8 * * 1-5');
    await edit.getByLabel('Title').fill('Inbox check');
    await edit.getByRole('radio', { name: 'Every' }).check();
    await edit.getByLabel('Interval').fill('45m');
    await expect.poll(() => edit.getByLabel('Next times').locator('li').count()).toBe(5);
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => h.runtime.scheduler.get(stored.id).title).toBe('Inbox check');
    expect(h.runtime.scheduler.get(stored.id).schedule).toMatchObject({ type: 'every', intervalMs: 45 * 60_000 });

    // Open the run's session from its receipt.
    await runs.getByRole('button', { name: 'Open session' }).first().click();
    await expect.poll(() => page.locator('.transcript').textContent()).toContain('Three new files');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();

    // Delete (confirmed).
    const again = view.getByRole('listitem').filter({ hasText: 'Inbox check' });
    await again.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete wakeup?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => view.textContent()).toContain('No wakeups yet');
    expect(h.runtime.scheduler.list()).toEqual([]);
  });

  it('creates with a test run and shows the away digest when the page becomes visible again', async () => {
    const { page, h } = await web.open();
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByRole('button', { name: 'New wakeup' }).click();
    const form = page.getByRole('form', { name: 'New wakeup' });
    await form.getByLabel('Prompt').fill('Check the build status');
    await form.getByLabel('Delay').fill('3h');
    await expect.poll(() => form.getByLabel('Next times').locator('li').count()).toBe(1);
    h.server.enqueue(scripted.text('The build is green.'));
    await form.getByRole('button', { name: 'Create' }).click();
    const runs = page.getByRole('list', { name: 'Runs' });
    await expect.poll(() => runs.textContent(), { timeout: 20_000 }).toContain('succeeded');
    expect(await runs.textContent()).toContain('test');

    // Hide, then show the page: the digest lists the run.
    // (A string: the test files compile without the DOM library.)
    await page.evaluate(`(() => {
      const set = (state) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
        document.dispatchEvent(new Event('visibilitychange'));
      };
      set('hidden');
      set('visible');
    })()`);
    const digest = page.getByRole('dialog', { name: 'While you were away' });
    await expect.poll(() => digest.textContent(), { timeout: 10_000 }).toContain('Check the build status: done');
    expect(await digest.textContent()).toContain('The build is green.');
    await screenshot(page, 'schedule-digest');
    await digest.getByRole('button', { name: 'OK' }).click();
  });
});
