// Browser sign-in (OAuth authorization code + PKCE) with a loopback callback server on 1455 (1457 when busy), §2.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALLBACK_PORTS, CHATGPT_CLIENT_ID, CHATGPT_SCOPES, ORIGINATOR } from './config';
import { ChatGptAuthError } from './errors';
import { createPkce, createState } from './pkce';
import { exchangeCode, toTokenSet, type ChatGptTokens } from './tokens';

/** Options of {@link startBrowserLogin}. */
export interface BrowserLoginOptions {
  /** OAuth issuer origin (chatGptEndpoints().issuer). */
  issuer: string;
  /** Loopback ports to try in order; default 1455 then 1457 (the only ones the public client allows). 0 = any free port. */
  ports?: readonly number[];
  /** Give up after this many ms without a callback; default 10 minutes. */
  timeoutMs?: number;
  /** Aborting cancels the sign-in. */
  signal?: AbortSignal;
}

/** A sign-in waiting for the browser. */
export interface BrowserLogin {
  /** The URL to open in the browser. */
  authorizeUrl: string;
  /** `http://localhost:<port>/auth/callback`. */
  redirectUri: string;
  /**
   * Resolves with the new tokens once the browser came back with a valid code; rejects with {@link ChatGptAuthError}
   * (`denied`, `state_mismatch`, `cancelled`, `timeout`, `token_exchange`, `network`). The server is closed either way.
   */
  result: Promise<ChatGptTokens>;
  /** Cancels the sign-in (the result rejects with `cancelled`). */
  cancel(): void;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

const SUCCESS_TEXT = 'You can close this tab and return to Deskpilot.';

/**
 * Starts the loopback callback server on 127.0.0.1 (first free port of `ports`) and returns the authorize URL with the
 * public Codex client id, S256 challenge and a fresh `state`. The server answers `/auth/callback` (checks `state`,
 * exchanges the code, answers a page saying the tab can be closed), `/success` (the same page) and `/cancel`.
 * Throws {@link ChatGptAuthError} `port_in_use` when every port is taken.
 */
export async function startBrowserLogin(opts: BrowserLoginOptions): Promise<BrowserLogin> {
  const pkce = createPkce();
  const state = createState();
  let settle!: { resolve: (t: ChatGptTokens) => void; reject: (e: ChatGptAuthError) => void };
  const result = new Promise<ChatGptTokens>((resolve, reject) => (settle = { resolve, reject }));
  // The browser can end the sign-in before the caller awaits `result`: that must not count as an unhandled rejection.
  result.catch(() => undefined);
  let done = false;
  let redirectUri = '';

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/success') return page(res, 200, 'Signed in to Deskpilot', SUCCESS_TEXT);
    if (url.pathname === '/cancel') {
      page(res, 200, 'Sign-in cancelled', 'You can close this tab.');
      return finish(new ChatGptAuthError('cancelled', 'The ChatGPT sign-in was cancelled.'));
    }
    if (url.pathname !== '/auth/callback')
      return page(res, 404, 'Not found', 'This address only serves the Deskpilot sign-in.');
    if (done) return page(res, 410, 'Sign-in already finished', 'You can close this tab.');
    const error = url.searchParams.get('error');
    if (error) {
      const description = url.searchParams.get('error_description') ?? '';
      const noEntitlement = /missing_codex_entitlement/.test(description);
      const message = noEntitlement
        ? 'This ChatGPT workspace does not have Codex enabled (missing_codex_entitlement). Ask its admin to enable it, sign in with another account, or use an API key.'
        : `The sign-in was not approved (${error}${description ? `: ${description.slice(0, 200)}` : ''}). Start it again and approve access, or use an API key or a local server instead.`;
      page(res, 400, 'Sign-in not completed', message);
      return finish(new ChatGptAuthError('denied', message));
    }
    if (url.searchParams.get('state') !== state) {
      const message =
        'The sign-in callback carried a wrong state (it did not come from this sign-in, possibly a cross-site request); nothing was stored. Start the sign-in again.';
      page(res, 400, 'Sign-in rejected', message);
      return finish(new ChatGptAuthError('state_mismatch', message));
    }
    const code = url.searchParams.get('code');
    if (!code) {
      const message = 'The sign-in callback carried no authorization code. Start the sign-in again.';
      page(res, 400, 'Sign-in not completed', message);
      return finish(new ChatGptAuthError('token_exchange', message));
    }
    done = true;
    exchangeCode(opts.issuer, { code, redirectUri, verifier: pkce.verifier })
      .then((response) => {
        const tokens = toTokenSet(response, { kind: 'browser' }, Date.now());
        page(res, 200, 'Signed in to Deskpilot', SUCCESS_TEXT);
        finish(null, tokens);
      })
      .catch((err: unknown) => {
        const failure =
          err instanceof ChatGptAuthError ? err : new ChatGptAuthError('token_exchange', (err as Error).message);
        page(res, 502, 'Sign-in failed', failure.message);
        finish(failure);
      });
  });

  const port = await listenOnFirstFree(server, opts.ports ?? CALLBACK_PORTS);
  redirectUri = `http://localhost:${port}/auth/callback`;

  const timer = setTimeout(
    () =>
      finish(
        new ChatGptAuthError(
          'timeout',
          `The ChatGPT sign-in timed out after ${Math.round((opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s without an answer from the browser. Start it again, or use \`deskpilot login --device-code\`.`,
        ),
      ),
    opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  const onAbort = () => finish(new ChatGptAuthError('cancelled', 'The ChatGPT sign-in was cancelled.'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  function finish(error: ChatGptAuthError | null, tokens?: ChatGptTokens): void {
    done = true;
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    // Let the success page load, then stop: close() waits for open connections, closeIdleConnections ends keep-alives.
    server.close();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
    server.closeIdleConnections();
    if (error) settle.reject(error);
    else if (tokens) settle.resolve(tokens);
  }

  const query = new URLSearchParams({
    response_type: 'code',
    client_id: CHATGPT_CLIENT_ID,
    redirect_uri: redirectUri,
    scope: CHATGPT_SCOPES,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    id_token_add_organizations: 'true',
    codex_cli_simplified_flow: 'true',
    state,
    originator: ORIGINATOR,
  });
  if (opts.signal?.aborted) onAbort();
  return {
    authorizeUrl: `${opts.issuer}/oauth/authorize?${query.toString()}`,
    redirectUri,
    result,
    cancel: onAbort,
  };
}

async function listenOnFirstFree(server: http.Server, ports: readonly number[]): Promise<number> {
  for (const port of ports) {
    const bound = await new Promise<number | null>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(null);
        else reject(error);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, '127.0.0.1');
    });
    if (bound !== null) return bound;
  }
  throw new ChatGptAuthError(
    'port_in_use',
    `Ports ${ports.join(' and ')} on 127.0.0.1 are in use, so the sign-in callback cannot listen (another sign-in, e.g. the Codex CLI's, may be running). ` +
      'Finish or cancel it and try again, or use `deskpilot login --device-code`.',
  );
}

function page(res: http.ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;line-height:1.5"><h1>${escape(title)}</h1><p>${escape(text)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
