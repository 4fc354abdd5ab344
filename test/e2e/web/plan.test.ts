// Web UI e2e: a plan belongs to the chat that made it; pinning shows it in every chat without its own, unpinning stops it.
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins';
import { scripted } from '../../support/fakeModelServer';
import { screenshot, sendMessage, turnCompleted, useWebApp } from './webApp';

describe('web UI: per-chat plans', () => {
  const web = useWebApp();

  it('shows a chat its own plan, a new chat none, and a pinned plan everywhere until unpinned', async () => {
    const app = await web.open({ plugins: builtinPlugins });
    const { page, h } = app;
    h.server.enqueue(
      scripted.toolCalls({
        name: 'planner_create',
        arguments: { name: 'move house', items: ['pack books', 'book a van'] },
        callId: 'call_plan',
      }),
      scripted.text('Plan made.'),
    );
    await sendMessage(page, 'Plan my move.');
    await turnCompleted(h);

    const panel = page.getByRole('complementary', { name: 'Side panel' });
    if (!(await panel.count()))
      await page
        .getByRole('button', { name: /side panel/i })
        .first()
        .click();
    await panel.getByRole('tab', { name: 'Plan' }).click();
    await expect.poll(() => panel.textContent()).toContain("This chat's plan");
    expect(await panel.textContent()).toContain('move house');
    await screenshot(page, 'plan-own-chat');

    // A new chat has no plan of its own.
    await page.getByRole('button', { name: 'New chat' }).click();
    h.server.enqueue(scripted.text('Hi.'));
    await sendMessage(page, 'Something else.');
    await turnCompleted(h, 2);
    await expect.poll(() => panel.textContent()).toContain('This chat has no plan');
    const lastBody = JSON.stringify(h.server.requests.at(-1)!.body);
    expect(lastBody).not.toContain('move house');

    // Pin it from the other chat's list: "Use in this chat", then pin.
    await panel.getByText('move house').click();
    await panel.getByRole('button', { name: 'Use in this chat' }).click();
    await panel.getByRole('button', { name: /Pin for all chats/ }).click();
    await expect.poll(() => panel.textContent()).toContain('Pinned plan (every chat)');
    await screenshot(page, 'plan-pinned');

    // A third chat shows the pinned plan and its model call sees it.
    await page.getByRole('button', { name: 'New chat' }).click();
    h.server.enqueue(scripted.text('Ok.'));
    await sendMessage(page, 'Third chat.');
    await turnCompleted(h, 3);
    await expect.poll(() => panel.textContent()).toContain('Pinned plan (every chat)');
    expect(JSON.stringify(h.server.requests.at(-1)!.body)).toContain('move house');

    await panel.getByRole('button', { name: 'Unpin' }).click();
    await expect.poll(() => panel.textContent()).toContain('This chat has no plan');
  });
});
