// Tests for open_url with an injected opener.
import { describe, expect, it } from 'vitest';
import { createOpenUrlTool } from '../../../../../main/core/tools/builtins/openUrl';
import { context, run } from './helpers';

function recorder() {
  const opened: string[] = [];
  return { opened, tool: createOpenUrlTool(async (url) => void opened.push(url)) };
}

describe('open_url', () => {
  it('hands https URLs to the opener, normalized', async () => {
    const { opened, tool } = recorder();
    expect(await run(tool, { url: 'https://Example.com/a b?q=1' }, context('/'))).toBe(
      'Opened https://example.com/a%20b?q=1 in the default browser.',
    );
    expect(opened).toEqual(['https://example.com/a%20b?q=1']);
    expect(tool.risk).toBe('external');
  });

  it('rejects http:, other schemes and garbage without calling the opener', async () => {
    const { opened, tool } = recorder();
    await expect(run(tool, { url: 'http://example.com' }, context('/'))).rejects.toThrow(
      /Only https: URLs can be opened.*uses http:/,
    );
    await expect(run(tool, { url: 'file:///etc/passwd' }, context('/'))).rejects.toThrow(/uses file:/);
    await expect(run(tool, { url: 'javascript:alert(1)' }, context('/'))).rejects.toThrow(/uses javascript:/);
    await expect(run(tool, { url: 'not a url' }, context('/'))).rejects.toThrow(/not a valid URL/);
    expect(opened).toEqual([]);
  });

  it('surfaces opener failures', async () => {
    const tool = createOpenUrlTool(async () => {
      throw new Error('Could not start xdg-open');
    });
    await expect(run(tool, { url: 'https://example.com' }, context('/'))).rejects.toThrow(/xdg-open/);
  });
});

describe('open_url host checks', () => {
  it('refuses credentials in the URL before the opener', async () => {
    const { opened, tool } = recorder();
    await expect(run(tool, { url: 'https://user:pw@example.com/' }, context('/'))).rejects.toThrow(/user name/);
    expect(opened).toEqual([]);
  });
});
