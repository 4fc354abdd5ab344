// Which URLs may be handed to the system browser: https only, no credentials, nothing malformed.
import { describe, expect, it } from 'vitest';
import {
  isAllowedExternalUrl,
  MAX_EXTERNAL_URL_LENGTH,
  normalizeExternalUrl,
} from '../../../../main/core/util/externalUrl';

describe('isAllowedExternalUrl', () => {
  it('allows https URLs and normalizes them', () => {
    expect(isAllowedExternalUrl('https://example.com/docs?q=1#top')).toBe(true);
    expect(normalizeExternalUrl('HTTPS://Example.COM')).toBe('https://example.com/');
    expect(normalizeExternalUrl('https://例え.jp/')).toBe('https://xn--r8jz45g.jp/');
  });

  it.each([
    ['http', 'http://example.com/'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['custom scheme', 'vscode://file/etc/passwd'],
    ['app scheme', 'app://deskpilot/index.html'],
    ['smb', 'smb://server/share'],
    ['relative', '/index.html'],
    ['malformed', 'https://'],
    ['credentials', 'https://user:pw@example.com/'],
    ['user only', 'https://user@example.com/'],
    ['leading space', ' https://example.com/'],
    ['newline', 'https://example.com/\nfile:///etc/passwd'],
    ['tab in host', 'https://exa\tmple.com/'],
    ['empty', ''],
    ['too long', `https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isAllowedExternalUrl(undefined)).toBe(false);
    expect(isAllowedExternalUrl({ toString: () => 'https://example.com' })).toBe(false);
  });
});
