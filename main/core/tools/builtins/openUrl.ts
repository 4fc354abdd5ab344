// Built-in `open_url`: hands an https: URL to the operating system's default browser.
import { spawn } from 'node:child_process';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { defineBuiltin } from './define';

/** Opens a URL outside the app; resolves once handed over, rejects when the opener cannot start. */
export type UrlOpener = (url: string) => Promise<void>;

const parameters = z.object({
  url: z.string().min(1).describe('The https:// URL to open in the default browser.'),
});

/**
 * The OS opener: `open` on macOS, `cmd /c start "" <url>` on Windows, `xdg-open` elsewhere; spawned detached with
 * stdio ignored so it outlives the call. Rejects when the program cannot be started (e.g. xdg-open missing).
 */
export function systemOpener(url: string): Promise<void> {
  const [command, args, verbatim] =
    process.platform === 'darwin'
      ? (['open', [url], false] as const)
      : process.platform === 'win32'
        ? (['cmd', ['/c', 'start', '""', `"${url}"`], true] as const)
        : (['xdg-open', [url], false] as const);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, [...args], { detached: true, stdio: 'ignore', windowsVerbatimArguments: verbatim });
    child.once('error', (error) =>
      reject(new Error(`Could not start ${command} to open the URL: ${error.message}. Open it by hand: ${url}`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

/**
 * Creates `open_url` {url}, risk `external`. Only `https:` URLs are accepted (others fail with a message saying so);
 * the URL is normalized by WHATWG URL parsing (https://url.spec.whatwg.org/) before it reaches `opener`.
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
      await opener(url.href);
      return `Opened ${url.href} in the default browser.`;
    },
  });
}
