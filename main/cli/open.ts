// `deskpilot open`: a fresh browser login link for the running runtime (app or serve), printed or opened.
import type { RuntimeClient } from '../core/api/client';
import { CliError } from './connect';
import type { Io } from './run';

/** Options of `deskpilot open`. */
export interface OpenOptions {
  /** Open the link in the default browser instead of printing it. */
  open: boolean;
  /** Opens a file or URL with the system's opener (xdg-open, open, start). */
  opener: (target: string) => Promise<void>;
}

/** Connects to the bridge of the runtime that owns `home` (token from runtime/bridge.json); null when none answers. */
export type BridgeConnect = (home: string) => Promise<RuntimeClient | null>;

/** `HH:MM:SS` of an ISO time, in local time. */
function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}

/**
 * Asks the runtime owning `home` for a single-use login link over its bridge (contract `bridge/loginUrl`, answered
 * only to a client holding the bridge token). Prints it on stdout; with `open`, asks for a login page instead
 * (`bridge/loginPage`: a 0600 HTML file in `<home>/runtime/` that forwards to the link) and opens that file, so the
 * ticket never appears in the opener's argv. Throws a {@link CliError} when no runtime is running. Resolves to 0.
 */
export async function openLogin(home: string, options: OpenOptions, io: Io, connect: BridgeConnect): Promise<number> {
  const client = await connect(home);
  if (!client)
    throw new CliError(
      `Deskpilot is not running on ${home}. Start it with \`deskpilot serve\` (or the desktop app), then run \`deskpilot open\` again.`,
    );
  try {
    if (options.open) {
      const page = await client.invoke('bridge/loginPage', {});
      await options.opener(page.path).catch((error: Error) => {
        throw new CliError(
          `Could not open a browser: ${error.message}. Run \`deskpilot open\` to print a link instead.`,
        );
      });
      io.stderr.write(
        `Opened Deskpilot in your browser (the login link works once, until ${clock(page.expiresAt)}).\n`,
      );
    } else {
      const link = await client.invoke('bridge/loginUrl', {});
      io.stdout.write(`${link.url}\n`);
      io.stderr.write(`This link signs one browser in; it works once, until ${clock(link.expiresAt)}.\n`);
    }
    return 0;
  } finally {
    await client.close();
  }
}
