// Built-in `open_url`: hands an https: URL to the operating system's default browser.
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { normalizeExternalUrl } from '../../util/externalUrl';
import { systemOpener, type UrlOpener } from '../../util/systemOpener';
import { defineBuiltin } from './define';

const parameters = z.object({
  url: z.string().min(1).describe('The https:// URL to open in the default browser.'),
});

/**
 * Creates `open_url` {url}, risk `external`. Only `https:` URLs are accepted (others fail with a message saying so);
 * the URL is checked and normalized by `normalizeExternalUrl` (WHATWG parsing, https://url.spec.whatwg.org/) before it
 * reaches `opener`, the host's opener (the Electron shell's `openExternal`, else {@link systemOpener}).
 */
export function createOpenUrlTool(opener: UrlOpener = systemOpener): ToolDefinition {
  return defineBuiltin({
    name: 'open_url',
    description: "Open an https:// URL in the user's default web browser.",
    parameters,
    risk: 'external',
    async execute(args) {
      let url: URL;
      try {
        url = new URL(args.url);
      } catch {
        throw new Error(
          `${JSON.stringify(args.url)} is not a valid URL. Pass a full address such as https://example.com/page.`,
        );
      }
      if (url.protocol !== 'https:') {
        throw new Error(
          `Only https: URLs can be opened; ${JSON.stringify(args.url)} uses ${url.protocol}. Use an https:// address.`,
        );
      }
      const href = normalizeExternalUrl(url.href);
      if (!href) {
        throw new Error(
          `${JSON.stringify(args.url)} cannot be opened: an address without a host or with a user name or password ` +
            'is refused. Pass a plain https:// address such as https://example.com/page.',
        );
      }
      await opener(href);
      return `Opened ${href} in the default browser.`;
    },
  });
}
