// ChatGPT sign-in constants and the issuer / backend URLs (shared/reference/openai-wire-protocol.md §2.1, §2.4).
import { DEFAULT_CHATGPT_BASE_URL, DEFAULT_CHATGPT_ISSUER } from '../../../../preload/contract/settings';

/** The Codex CLI's public OAuth client id (no secret); its redirect URIs allow-list loopback ports 1455 and 1457. */
export const CHATGPT_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';

/** Loopback ports of the browser sign-in callback, in order of preference (the Codex CLI's DEFAULT_PORT, FALLBACK_PORT). */
export const CALLBACK_PORTS = [1455, 1457] as const;

/** OAuth scopes requested by the browser sign-in (as pi / opencode request them). */
export const CHATGPT_SCOPES = 'openid profile email offline_access';

/** The `originator` header and authorize parameter Deskpilot sends to the issuer and the Codex backend. */
export const ORIGINATOR = 'deskpilot';

/** Credential-store account that holds the ChatGPT token set (JSON, see tokens.ts). */
export const CHATGPT_CREDENTIAL_ACCOUNT = 'chatgpt.tokens';

/** Where the ChatGPT sign-in and the Codex backend live. */
export interface ChatGptEndpoints {
  /** OAuth issuer origin, e.g. `https://auth.openai.com` (no trailing slash). */
  issuer: string;
  /** Codex backend base URL, e.g. `https://chatgpt.com/backend-api/codex` (no trailing slash). */
  baseUrl: string;
}

/**
 * The endpoints to use: `DESKPILOT_AUTH_ISSUER` / `DESKPILOT_CHATGPT_BASE_URL` from `env` win over the settings
 * (`chatgpt.issuer`, `chatgpt.baseUrl`), which default to the real services. Throws an Error naming the variable when
 * an override is not an http(s) URL.
 */
export function chatGptEndpoints(
  settings: { chatgpt?: { issuer?: string; baseUrl?: string } },
  env: NodeJS.ProcessEnv = process.env,
): ChatGptEndpoints {
  const issuer = pickUrl(
    'DESKPILOT_AUTH_ISSUER',
    env.DESKPILOT_AUTH_ISSUER,
    settings.chatgpt?.issuer,
    DEFAULT_CHATGPT_ISSUER,
  );
  const baseUrl = pickUrl(
    'DESKPILOT_CHATGPT_BASE_URL',
    env.DESKPILOT_CHATGPT_BASE_URL,
    settings.chatgpt?.baseUrl,
    DEFAULT_CHATGPT_BASE_URL,
  );
  return { issuer, baseUrl };
}

function pickUrl(name: string, override: string | undefined, setting: string | undefined, fallback: string): string {
  const value = override || setting || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} (${JSON.stringify(value)}) is not a URL: set it to e.g. ${fallback}, or unset it.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${name} (${value}) must be an http(s) URL, e.g. ${fallback}.`);
  }
  return value.replace(/\/+$/, '');
}
