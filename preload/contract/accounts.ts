// Accounts and providers (issue 12): sign-in state, provider tests and local server probes as the UI and CLI see them.
import { z } from 'zod';
import { CredentialBackend, Provider } from './settings';

/** Empty params. */
const Empty = z.object({}).strict();

/** Everything the Accounts section, the onboarding card and `deskpilot auth status` show. Never a secret. */
export const AccountsStatus = z.object({
  /** The active provider and model (the next turn uses them). */
  provider: Provider,
  model: z.string(),
  /** Whether the active provider can run a turn now (signed in / key set / server configured). */
  ready: z.boolean(),
  /** Where secrets are stored, and the fallback warning when they are in the 0600 file. */
  credentialBackend: CredentialBackend.exclude(['auto']),
  credentialWarning: z.string().optional(),
  chatgpt: z.object({
    signedIn: z.boolean(),
    accountId: z.string().optional(),
    email: z.string().optional(),
    planType: z.string().optional(),
    /** `browser`, `device-code`, or `Codex CLI (<path>)`. */
    source: z.string().optional(),
  }),
  openai: z.object({
    configured: z.boolean(),
    /** Last four characters of the key, for recognition. */ last4: z.string().optional(),
  }),
  compatible: z.object({ baseUrl: z.string() }),
  /** Path of a Codex CLI ChatGPT login that can be imported, or null when there is none. */
  codexLoginPath: z.string().nullable(),
});
/** Shape of {@link AccountsStatus}. */
export type AccountsStatus = z.infer<typeof AccountsStatus>;

/** A started ChatGPT sign-in: the browser URL to open, or the device code to show. */
export const ChatGptLoginStart = z.discriminatedUnion('flow', [
  z.object({ flow: z.literal('browser'), authorizeUrl: z.string() }),
  z.object({
    flow: z.literal('device-code'),
    userCode: z.string(),
    verificationUrl: z.string(),
    /** ISO 8601 time the code expires. */
    expiresAt: z.string(),
  }),
]);
/** Shape of {@link ChatGptLoginStart}. */
export type ChatGptLoginStart = z.infer<typeof ChatGptLoginStart>;

/** A local OpenAI-compatible server found (or not) on a well-known port. */
export const LocalServer = z.object({
  /** `Ollama` (127.0.0.1:11434) or `LM Studio` (127.0.0.1:1234). */
  name: z.string(),
  /** Base URL to configure, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: z.string(),
  reachable: z.boolean(),
  models: z.array(z.string()),
});
/** Shape of {@link LocalServer}. */
export type LocalServer = z.infer<typeof LocalServer>;

/** The outcome of testing a provider with a cheap authenticated call (listing its models). */
export const ProviderTest = z.object({
  ok: z.boolean(),
  /** One sentence: what worked or what failed and what to do next. */
  verdict: z.string(),
  models: z.array(z.string()),
});
/** Shape of {@link ProviderTest}. */
export type ProviderTest = z.infer<typeof ProviderTest>;

/** The models one configured provider offers (what the composer's model picker lists). */
export const ProviderModels = z.object({
  provider: Provider,
  /** `ChatGPT`, `OpenAI`, or the local server's base URL. */
  label: z.string(),
  models: z.array(z.string()),
  /** Why the list is empty (not reachable, key rejected …); absent when it was listed. */
  error: z.string().optional(),
});
/** Shape of {@link ProviderModels}. */
export type ProviderModels = z.infer<typeof ProviderModels>;

/** Request channels of the accounts feature (merged into invokeChannels). */
export const accountChannels = {
  'accounts/status': { params: Empty, result: AccountsStatus },
  /** Starts a ChatGPT sign-in; finish it with `accounts/chatgptWait`. A second start cancels the first. */
  'accounts/chatgptStart': {
    params: z.object({ flow: z.enum(['browser', 'device-code']) }),
    result: ChatGptLoginStart,
  },
  /** Waits for the started sign-in; stores the tokens and makes `chatgpt` the active provider. Fails with the reason. */
  'accounts/chatgptWait': { params: Empty, result: AccountsStatus },
  'accounts/chatgptCancel': { params: Empty, result: z.object({ cancelled: z.boolean() }) },
  /** Copies the Codex CLI login (read-only) and makes `chatgpt` the active provider. */
  'accounts/importCodex': { params: Empty, result: AccountsStatus },
  /** Signs out of ChatGPT (revoking where supported) or removes an API key. */
  'accounts/logout': { params: z.object({ provider: Provider }), result: AccountsStatus },
  /**
   * Tests a provider with a cheap authenticated call (listing models). `apiKey` tests a pasted OpenAI key before it
   * is stored (the key is used for this one call and not kept).
   */
  'accounts/test': {
    params: z.object({ provider: Provider, apiKey: z.string().trim().min(1).max(4096).optional() }),
    result: ProviderTest,
  },
  /** Probes 127.0.0.1:11434 (Ollama) and 127.0.0.1:1234 (LM Studio) for their model lists. */
  'accounts/probeLocal': { params: Empty, result: z.array(LocalServer) },
  /**
   * The models of every configured provider (ChatGPT when signed in: `{base}/models`; OpenAI when a key is set; the
   * local server's `/models`), listed in parallel; a provider that fails carries `error` instead of models.
   */
  'accounts/models': { params: Empty, result: z.array(ProviderModels) },
  /** Makes `provider` + `model` active for the next turn (with `baseUrl` for a local server). */
  'accounts/use': {
    params: z.object({ provider: Provider, model: z.string().min(1).max(200), baseUrl: z.string().url().optional() }),
    result: AccountsStatus,
  },
} as const;
