// The signed-in ChatGPT account: token storage in the credential store, serialized refresh, sign-out.
import { createHash } from 'node:crypto';
import type { Logger } from '../../../../plugins/sdk/types';
import { SerialQueue } from '../../util/serialQueue';
import type { CredentialStore } from '../credentials';
import { readCodexLogin } from './codexImport';
import { CHATGPT_CREDENTIAL_ACCOUNT, type ChatGptEndpoints } from './config';
import { ChatGptAuthError, SIGN_IN_AGAIN } from './errors';
import { ChatGptTokens, refreshTokens, revokeToken, toTokenSet, type TokenSource } from './tokens';

/** What the user may see about the login: never a token. */
export interface ChatGptStatus {
  accountId: string;
  planType?: string;
  email?: string;
  source: TokenSource;
  /** Access-token expiry, epoch ms. */
  expiresAt?: number;
  /** Last sign-in or refresh, epoch ms. */
  lastRefresh: number;
}

/** Credentials for one backend request. */
export interface ChatGptBearer {
  accessToken: string;
  accountId: string;
}

/** Options of {@link ChatGptAccount}. */
export interface ChatGptAccountOptions {
  credentials: CredentialStore;
  /** Issuer and backend URLs (read on every call, so a settings change applies at once). */
  endpoints: () => ChatGptEndpoints;
  log: Logger;
  /** Environment for re-reading an imported Codex CLI login (CODEX_HOME, HOME); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Clock in epoch ms (tests). */
  now?: () => number;
}

/** Refresh when the access token has less than this left (ms). */
const EXPIRY_MARGIN_MS = 60_000;

/** One queue for every refresh and sign-in write in the process: refresh tokens are single-use and rotate. */
const refreshQueue = new SerialQueue();

/** SHA-256 of every refresh token this process has sent: a spent token is never sent again. */
const spentRefreshTokens = new Set<string>();

/**
 * The ChatGPT login kept in the credential store under `chatgpt.tokens` (one JSON secret, written whole, so never
 * half-written). Refreshes happen before expiry and after a 401, one at a time across the process; a caller whose
 * token was already replaced by another refresh gets the new one without a second refresh.
 */
export class ChatGptAccount {
  private readonly now: () => number;
  private readonly listeners = new Set<(signedIn: boolean) => void>();

  constructor(private readonly opts: ChatGptAccountOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Calls `listener(signedIn)` after every sign-in, sign-out, and a login the issuer rejected; returns an unsubscribe. */
  onChange(listener: (signedIn: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(signedIn: boolean): void {
    for (const listener of this.listeners) listener(signedIn);
  }

  /** The stored login, or null when signed out. A stored value that no longer parses counts as signed out (and is logged). */
  async load(): Promise<ChatGptTokens | null> {
    const raw = await this.opts.credentials.get(CHATGPT_CREDENTIAL_ACCOUNT);
    if (raw === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const parsed = ChatGptTokens.safeParse(json);
    if (!parsed.success) {
      this.opts.log.warn('the stored ChatGPT login is unreadable; sign in again', {});
      return null;
    }
    return parsed.data;
  }

  /** The login's account, plan and source, or null when signed out. */
  async status(): Promise<ChatGptStatus | null> {
    const tokens = await this.load();
    if (!tokens) return null;
    const status: ChatGptStatus = {
      accountId: tokens.accountId,
      source: tokens.source,
      lastRefresh: tokens.lastRefresh,
    };
    if (tokens.planType) status.planType = tokens.planType;
    if (tokens.email) status.email = tokens.email;
    if (tokens.expiresAt !== undefined) status.expiresAt = tokens.expiresAt;
    return status;
  }

  /**
   * Stores a new login (from a sign-in or a Codex CLI import), replacing the previous one; a previous Deskpilot login
   * with other tokens is revoked at the issuer (best effort), as the Codex CLI does on a new login.
   */
  async save(tokens: ChatGptTokens): Promise<void> {
    await refreshQueue.run(async () => {
      const previous = await this.load().catch(() => null);
      await this.write(tokens);
      if (previous && previous.refreshToken !== tokens.refreshToken && previous.source.kind !== 'codex-cli') {
        await revokeToken(this.opts.endpoints().issuer, previous.refreshToken, 'refresh_token');
      }
    });
    this.opts.log.info('ChatGPT login stored', { source: tokens.source.kind, plan: tokens.planType ?? 'unknown' });
    this.changed(true);
  }

  /**
   * A bearer for the next backend request, refreshed first when the access token expires within a minute.
   * Throws {@link ChatGptAuthError} `not_signed_in`, `signed_out`, `refresh_failed` or `network`.
   */
  async bearer(): Promise<ChatGptBearer> {
    const tokens = await this.load();
    if (!tokens) throw notSignedIn();
    if (tokens.expiresAt !== undefined && tokens.expiresAt - this.now() <= EXPIRY_MARGIN_MS) {
      return toBearer(await this.refresh(tokens.accessToken));
    }
    return toBearer(tokens);
  }

  /**
   * Refreshes after the backend rejected `rejectedAccessToken` with 401 (unless another refresh already replaced it)
   * and returns the bearer to retry with. The caller retries once. Same errors as {@link ChatGptAccount.bearer}.
   */
  async refreshAfterUnauthorized(rejectedAccessToken: string): Promise<ChatGptBearer> {
    return toBearer(await this.refresh(rejectedAccessToken));
  }

  /**
   * Deletes the stored login and revokes its refresh token where the issuer supports it (an imported Codex CLI login
   * is only forgotten, never revoked: that would sign the CLI out too). Resolves what happened; false = nothing stored.
   */
  async signOut(): Promise<{ removed: boolean; revoked: 'revoked' | 'unsupported' | 'failed' | 'skipped' }> {
    const outcome = await refreshQueue.run(async () => {
      const tokens = await this.load().catch(() => null);
      const removed = await this.opts.credentials.delete(CHATGPT_CREDENTIAL_ACCOUNT);
      if (!tokens) return { removed, revoked: 'skipped' as const };
      if (tokens.source.kind === 'codex-cli') return { removed, revoked: 'skipped' as const };
      spentRefreshTokens.add(hash(tokens.refreshToken));
      const { outcome, detail } = await revokeToken(this.opts.endpoints().issuer, tokens.refreshToken, 'refresh_token');
      if (outcome === 'failed') this.opts.log.warn('revoking the ChatGPT refresh token failed', { detail });
      return { removed, revoked: outcome };
    });
    this.changed(false);
    return outcome;
  }

  private refresh(staleAccessToken: string): Promise<ChatGptTokens> {
    return refreshQueue.run(async () => {
      const current = await this.load();
      if (!current) throw notSignedIn();
      // Another caller refreshed while this one waited: use its result, never spend the new refresh token twice.
      if (current.accessToken !== staleAccessToken) return current;
      if (current.source.kind === 'codex-cli') {
        const adopted = await this.adoptCodexRefresh(current);
        if (adopted) return adopted;
      }
      const key = hash(current.refreshToken);
      if (spentRefreshTokens.has(key)) {
        await this.opts.credentials.delete(CHATGPT_CREDENTIAL_ACCOUNT);
        this.changed(false);
        throw new ChatGptAuthError('signed_out', `The ChatGPT refresh token was already used. ${SIGN_IN_AGAIN}`);
      }
      spentRefreshTokens.add(key);
      try {
        const response = await refreshTokens(this.opts.endpoints().issuer, current.refreshToken);
        const next = toTokenSet(response, current.source, this.now(), current);
        await this.write(next);
        this.opts.log.info('ChatGPT access token refreshed', { source: current.source.kind });
        return next;
      } catch (error) {
        if (error instanceof ChatGptAuthError && error.code === 'signed_out') {
          await this.opts.credentials.delete(CHATGPT_CREDENTIAL_ACCOUNT);
          this.opts.log.warn('the ChatGPT login was rejected by the issuer and removed; sign in again', {});
          this.changed(false);
        }
        throw error;
      }
    });
  }

  /** An imported login whose Codex CLI refreshed on its own since: take the CLI's newer tokens (same account). */
  private async adoptCodexRefresh(current: ChatGptTokens): Promise<ChatGptTokens | null> {
    const onDisk = await readCodexLogin(this.opts.env ?? process.env, this.now()).catch(() => null);
    if (!onDisk || onDisk.accountId !== current.accountId || onDisk.refreshToken === current.refreshToken) return null;
    if (spentRefreshTokens.has(hash(onDisk.refreshToken))) return null;
    await this.write(onDisk);
    return onDisk;
  }

  private async write(tokens: ChatGptTokens): Promise<void> {
    await this.opts.credentials.set(CHATGPT_CREDENTIAL_ACCOUNT, JSON.stringify(ChatGptTokens.parse(tokens)));
  }
}

function toBearer(tokens: ChatGptTokens): ChatGptBearer {
  return { accessToken: tokens.accessToken, accountId: tokens.accountId };
}

function notSignedIn(): ChatGptAuthError {
  return new ChatGptAuthError(
    'not_signed_in',
    'Not signed in with ChatGPT. Run `deskpilot login` (or `deskpilot login --import-codex`), or open Settings → Accounts.',
  );
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
