// Hardening (issue 8, Low): the renderer's CSP allows no web images. The header both hosts send (bridge and app://)
// had `img-src 'self' data: blob:`, but the page's own meta tag still said `img-src ... https:` and `connect-src ws:
// wss:`; the meta tag now repeats the header exactly (minus frame-ancestors, which a meta tag cannot carry).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP } from '../../main/core/bridge/static';

const root = path.resolve(__dirname, '../..');

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  );
}

describe('renderer CSP', () => {
  it('the meta tag of index.html repeats the header, with no https: images and no bare ws:/wss:', async () => {
    const html = await readFile(path.join(root, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'index.html has a CSP meta tag').toBeTruthy();
    const header = directives(CSP);
    header.delete('frame-ancestors');
    expect(directives(meta!)).toEqual(header);
    expect(header.get('img-src')).toBe("'self' data: blob:");
    expect(header.get('connect-src')).toBe("'self'");
  });
});
