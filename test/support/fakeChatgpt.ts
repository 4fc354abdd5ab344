// A local fake of the ChatGPT sign-in issuer and the Codex backend (wire notes §2), issuing unsigned test JWTs.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeModelServer, type CapturedRequest, type FakeModelServer } from './fakeModelServer';

/** Options of {@link startFakeChatGpt}. */
export interface FakeChatGptOptions {
  accountId?: string;
  planType?: string;
  email?: string;
  /** Lifetime of issued access tokens (their `exp`), seconds; default 3600. */
  accessTtlSeconds?: number;
  /** Device-code poll interval as the issuer sends it (a string of seconds); default "1". */
  deviceInterval?: string;
  /** Answer the authorize request with `error=access_denied` instead of a code. */
  denyConsent?: boolean;
  /** `/oauth/revoke` answers 404 (an issuer without revocation). */
  noRevoke?: boolean;
  /** Device-code endpoints answer 404 (device sign-in not enabled). */
  noDeviceCode?: boolean;
  /** Delay before answering a refresh, ms (makes concurrent refreshes overlap). */
  refreshDelayMs?: number;
  /** Model slugs served by `{base}/models`; default gpt-5.2-codex and gpt-5.2. */
  models?: string[];
}

/** Tokens the fake issued for one sign-in or refresh. */
export interface IssuedTokens {
  id_token: string;
  access_token: string;
  refresh_token: string;
}

/** A running fake issuer + Codex backend. */
export interface FakeChatGpt {
  /** Issuer origin: `http://127.0.0.1:PORT` (set DESKPILOT_AUTH_ISSUER to it). */
  issuer: string;
  /** Backend base: `http://127.0.0.1:PORT/backend-api/codex` (set DESKPILOT_CHATGPT_BASE_URL to it). */
  baseUrl: string;
  /** The scripted Responses server behind `{base}/responses`: enqueue turns on it. */
  model: FakeModelServer;
  /** Every request this server received (issuer and backend), in order. */
  requests: CapturedRequest[];
  /** Every token set issued, in order (sign-ins and refreshes). */
  issued: IssuedTokens[];
  /** Refresh-token grants answered (successful or not). */
  refreshes: number;
  /** Tokens revoked through `/oauth/revoke`. */
  revoked: string[];
  /** Approves the pending device code (the user entered it on the verification page). */
  approveDevice(): void;
  /** Makes every access token issued so far invalid for the backend (it answers 401 until a refresh). */
  invalidateAccessTokens(): void;
  /** Issues a token set directly (as if the user had signed in), e.g. to write a Codex CLI auth.json. */
  issueTokens(opts?: { accessTtlSeconds?: number }): IssuedTokens;
  close(): Promise<void>;
}

/** An unsigned (`alg: none`) JWT with `claims`, as the tests' id and access tokens. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeChatGpt(opts: FakeChatGptOptions = {}): Promise<FakeChatGpt> {
  const accountId = opts.accountId ?? 'acct_test_123';
  const planType = opts.planType ?? 'plus';
  const email = opts.email ?? 'user@example.com';
  const model = await startFakeModelServer({ requireAuth: false });
  const requests: CapturedRequest[] = [];
  const issued: IssuedTokens[] = [];
  const revoked: string[] = [];
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Map<string, 'active' | 'used' | 'revoked'>();
  const validAccess = new Set<string>();
  let device: { id: string; userCode: string; approved: boolean; verifier: string } | undefined;
  let origin = '';

  const issue = (ttl = opts.accessTtlSeconds ?? 3600): IssuedTokens => {
    const now = Math.floor(Date.now() / 1000);
    const auth = { chatgpt_account_id: accountId, chatgpt_plan_type: planType, chatgpt_user_id: 'user_test' };
    const nonce = randomBytes(8).toString('hex');
    const tokens: IssuedTokens = {
      id_token: unsignedJwt({
        iss: origin,
        aud: 'app_EMoamEEZ73f0CkXaXp7hrann',
        email,
        exp: now + 3600,
        iat: now,
        nonce,
        'https://api.openai.com/auth': auth,
      }),
      access_token: unsignedJwt({ iss: origin, exp: now + ttl, iat: now, nonce, 'https://api.openai.com/auth': auth }),
      refresh_token: `rt_${randomBytes(24).toString('hex')}`,
    };
    refreshTokens.set(tokens.refresh_token, 'active');
    validAccess.add(tokens.access_token);
    issued.push(tokens);
    return tokens;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', origin);
      const body = parseBody(text, req.headers['content-type']);
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        headers: req.headers,
        body,
        bodyBytes: Buffer.byteLength(text),
      });
      void route(req, res, url, body, text);
    });
  });

  async function route(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    body: Record<string, string>,
    raw: string,
  ) {
    const path = url.pathname;
    if (req.method === 'GET' && path === '/oauth/authorize') {
      const q = url.searchParams;
      const redirect = q.get('redirect_uri') ?? '';
      if (
        q.get('client_id') !== 'app_EMoamEEZ73f0CkXaXp7hrann' ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge') ||
        !redirect.startsWith('http://localhost:')
      ) {
        return json(res, 400, { error: 'invalid_request', error_description: 'bad authorize parameters' });
      }
      const target = new URL(redirect);
      target.searchParams.set('state', q.get('state') ?? '');
      if (opts.denyConsent) {
        target.searchParams.set('error', 'access_denied');
        target.searchParams.set('error_description', 'The user declined');
      } else {
        const code = `code_${randomBytes(12).toString('hex')}`;
        codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: redirect });
        target.searchParams.set('code', code);
      }
      res.writeHead(302, { location: target.toString() }).end();
      return;
    }
    if (req.method === 'POST' && path === '/oauth/token') {
      if (body.grant_type === 'authorization_code') {
        const pending = codes.get(body.code ?? '');
        codes.delete(body.code ?? '');
        const challenge = createHash('sha256')
          .update(body.code_verifier ?? '')
          .digest('base64url');
        if (
          !pending ||
          pending.redirectUri !== body.redirect_uri ||
          pending.challenge !== challenge ||
          body.client_id !== 'app_EMoamEEZ73f0CkXaXp7hrann'
        ) {
          return json(res, 400, {
            error: 'invalid_grant',
            error_description: 'code, redirect_uri or code_verifier mismatch',
          });
        }
        return json(res, 200, { ...issue(), expires_in: opts.accessTtlSeconds ?? 3600, token_type: 'Bearer' });
      }
      if (body.grant_type === 'refresh_token') {
        fake.refreshes++;
        if (opts.refreshDelayMs) await new Promise((r) => setTimeout(r, opts.refreshDelayMs));
        const state = refreshTokens.get(body.refresh_token ?? '');
        if (state !== 'active') {
          const code =
            state === 'used'
              ? 'refresh_token_reused'
              : state === 'revoked'
                ? 'refresh_token_invalidated'
                : 'refresh_token_expired';
          return json(res, 401, { error: { code, message: `refresh token ${code}` } });
        }
        refreshTokens.set(body.refresh_token ?? '', 'used');
        return json(res, 200, { ...issue(), expires_in: opts.accessTtlSeconds ?? 3600 });
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    if (req.method === 'POST' && path === '/oauth/revoke') {
      if (opts.noRevoke) return json(res, 404, { error: 'not_found' });
      const token = body.token ?? '';
      revoked.push(token);
      if (refreshTokens.has(token)) refreshTokens.set(token, 'revoked');
      validAccess.delete(token);
      return json(res, 200, {});
    }
    if (req.method === 'POST' && path === '/api/accounts/deviceauth/usercode') {
      if (opts.noDeviceCode) return json(res, 404, { detail: 'Not Found' });
      const letters = () => randomBytes(4).toString('hex').toUpperCase().slice(0, 4);
      device = {
        id: `dev_${randomBytes(8).toString('hex')}`,
        userCode: `${letters()}-${letters()}`,
        approved: false,
        verifier: randomBytes(32).toString('base64url'),
      };
      return json(res, 200, {
        device_auth_id: device.id,
        user_code: device.userCode,
        interval: opts.deviceInterval ?? '1',
      });
    }
    if (req.method === 'POST' && path === '/api/accounts/deviceauth/token') {
      if (!device || body.device_auth_id !== device.id || body.user_code !== device.userCode)
        return json(res, 404, { detail: 'unknown device code' });
      if (!device.approved) return json(res, 403, { detail: 'authorization_pending' });
      const code = `code_${randomBytes(12).toString('hex')}`;
      const challenge = createHash('sha256').update(device.verifier).digest('base64url');
      codes.set(code, { challenge, redirectUri: `${origin}/deviceauth/callback` });
      return json(res, 200, { authorization_code: code, code_challenge: challenge, code_verifier: device.verifier });
    }
    if (path.startsWith('/backend-api/codex/')) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !validAccess.has(bearer) || req.headers['chatgpt-account-id'] !== accountId) {
        return json(res, 401, {
          detail:
            'Could not validate credentials (fake: unknown, expired or revoked access token, or wrong chatgpt-account-id)',
        });
      }
      if (req.method === 'GET' && path === '/backend-api/codex/models') {
        const slugs = opts.models ?? ['gpt-5.2-codex', 'gpt-5.2'];
        return json(res, 200, {
          models: slugs.map((slug, i) => ({
            slug,
            display_name: slug.toUpperCase(),
            priority: i,
            context_window: 272000,
            supported_reasoning_levels: [{ effort: 'low' }, { effort: 'medium' }, { effort: 'high' }],
          })),
        });
      }
      if (req.method === 'POST' && path === '/backend-api/codex/responses') return proxy(req, res, raw);
    }
    json(res, 404, { detail: `fake ChatGPT: no route for ${req.method} ${path}` });
  }

  function proxy(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const upstream = http.request(
      `${model.origin}${req.url}`,
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    upstream.end(raw);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeChatGpt = {
    issuer: origin,
    baseUrl: `${origin}/backend-api/codex`,
    model,
    requests,
    issued,
    refreshes: 0,
    revoked,
    approveDevice: () => {
      if (device) device.approved = true;
    },
    invalidateAccessTokens: () => validAccess.clear(),
    issueTokens: (o = {}) => issue(o.accessTtlSeconds),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await model.close();
    },
  };
  return fake;
}

function parseBody(text: string, contentType: string | undefined): Record<string, string> {
  if (!text) return {};
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}
