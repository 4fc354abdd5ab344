// Web UI e2e (issue 9, search): the sidebar search finds text inside messages of every chat, shows the matching
// line, and a click opens that chat at the message (even one older than the first page the chat loads).
import { describe, expect, it } from 'vitest';
import { screenshot, useWebApp } from './webApp';
import { assistantItem, userItem } from '../../support/items';

describe('web UI: search in chats', () => {
  const web = useWebApp();

  it('finds a message by its content, shows the line, and jumps to it', async () => {
    const app = await web.open();
    const { page, h } = app;
    const long = await h.runtime.sessions.create({ title: 'Long planning chat' });
    for (let t = 0; t < 150; t++) {
      const text = t === 2 ? '**Remember:** the ferry to `Zanzibar` leaves at 7:40.' : `Step ${t} of the plan.`;
      await h.runtime.sessions.appendItems(long.id, `t${t}`, [userItem(`Question ${t}`), assistantItem(text)]);
    }
    const other = await h.runtime.sessions.create({ title: 'Unrelated' });
    await h.runtime.sessions.appendItems(other.id, 't0', [userItem('Hello'), assistantItem('Hi there.')]);
    await page.reload();
    await page.locator('.session-list li', { hasText: 'Unrelated' }).waitFor({ timeout: 15_000 });

    await page.getByRole('searchbox', { name: 'Search chats' }).fill('zanzibar');
    const hits = page.getByRole('region', { name: 'Matches in messages' });
    const hit = hits.getByRole('button', { name: /Long planning chat/ });
    await hit.waitFor({ timeout: 15_000 });
    expect(await hit.innerText()).toContain('Assistant: Remember: the ferry to Zanzibar leaves at 7:40.');
    expect(await hits.getByRole('button').count()).toBe(1);
    await screenshot(page, 'search-hits');

    await hit.click();
    const target = page.locator('.transcript-row.is-target');
    await target.waitFor({ timeout: 20_000 });
    expect(await target.innerText()).toContain('the ferry to Zanzibar');
    await expect.poll(() => target.isVisible()).toBe(true);
    expect(new URL(page.url()).hash).toContain(long.id);
    await screenshot(page, 'search-jump');

    await page.getByRole('searchbox', { name: 'Search chats' }).fill('no such words anywhere');
    await expect.poll(() => hits.innerText(), { timeout: 15_000 }).toContain('No message contains');
  });
});
