// Accounts: the ChatGPT sign-in in progress, provider tests, switching provider/model; what the UI and CLI call.
import type {
  AccountsStatus,
  ChatGptLoginStart,
  LocalServer,
  ProviderModels,
  ProviderTest,
} from '../../../preload/contract/accounts';
import type { Provider } from '../../../preload/contract/settings';
import type { Runtime } from '../runtime';
import { listChatGptModels } from '../models/chatgpt';
import { listModels, localServersToProbe, probeLocalServers } from '../models/modelList';
import { SECRET_ACCOUNTS } from '../models/resolve';
import { startBrowserLogin } from './chatgpt/browserLogin';
import { findCodexLogin, readCodexLogin } from './chatgpt/codexImport';
import { chatGptEndpoints } from './chatgpt/config';
import { pollDeviceCode, requestDeviceCode } from './chatgpt/deviceLogin';
import { ChatGptAuthError } from './chatgpt/errors';
import type { ChatGptTokens } from './chatgpt/tokens';

/** Model chosen when a ChatGPT sign-in switches to the `chatgpt` provider from another one. */
const DEFAULT_CHATGPT_MODEL = 'gpt-5.2-codex';

/** A sign-in waiting for the browser or the device-code approval. */
interface PendingLogin {
  result: Promise<ChatGptTokens>;
  cancel(): void;
}

const services = new WeakMap<Runtime, Accounts>();

/** The one {@link Accounts} of `runtime` (created on first use). */
export function accountsOf(runtime: Runtime): Accounts {
  let service = services.get(runtime);
  if (!service) services.set(runtime, (service = new Accounts(runtime)));
  return service;
}

/** Sign-in, sign-out, provider tests and provider/model switching over a runtime. Never exposes a secret. */
export class Accounts {
  private pending: PendingLogin | null = null;

  constructor(private readonly runtime: Runtime) {}

  private endpoints() {
    return chatGptEndpoints(this.runtime.settings.get(), this.runtime.env);
  }

  /** The current accounts view (see {@link AccountsStatus}). */
  async status(): Promise<AccountsStatus> {
    const settings = this.runtime.settings.get();
    const effective = this.runtime.effectiveSettings();
    const chatgpt = await this.runtime.chatgpt.status().catch(() => null);
    const key = await this.runtime.credentials.get(SECRET_ACCOUNTS.openai).catch(() => null);
    const status: AccountsStatus = {
      provider: effective.provider,
      model: effective.model,
      ready: this.runtime.status().modelConfigured,
      credentialBackend: this.runtime.credentials.backend,
      chatgpt: { signedIn: chatgpt !== null },
      openai: { configured: Boolean(key) },
      compatible: { baseUrl: settings.compatible.baseUrl },
      codexLoginPath: await findCodexLogin(this.runtime.env),
    };
    if (this.runtime.credentials.warning) status.credentialWarning = this.runtime.credentials.warning;
    if (key && key.length >= 12) status.openai.last4 = key.slice(-4);
    if (chatgpt) {
      if (chatgpt.email) status.chatgpt.email = chatgpt.email;
      if (chatgpt.planType) status.chatgpt.planType = chatgpt.planType;
      status.chatgpt.accountId = chatgpt.accountId;
      status.chatgpt.source =
        chatgpt.source.kind === 'codex-cli' ? `Codex CLI (${chatgpt.source.path})` : chatgpt.source.kind;
    }
    return status;
  }

  /** Starts a sign-in (cancelling one in progress). Throws {@link ChatGptAuthError} (e.g. `port_in_use`, `network`). */
  async startChatGpt(flow: 'browser' | 'device-code'): Promise<ChatGptLoginStart> {
    this.cancelChatGpt();
    const { issuer } = this.endpoints();
    if (flow === 'browser') {
      const login = await startBrowserLogin({ issuer });
      this.pending = { result: login.result, cancel: login.cancel };
      return { flow, authorizeUrl: login.authorizeUrl };
    }
    const code = await requestDeviceCode(issuer);
    const controller = new AbortController();
    const result = pollDeviceCode(issuer, code, { signal: controller.signal });
    result.catch(() => undefined); // delivered through waitChatGpt
    this.pending = { result, cancel: () => controller.abort() };
    return {
      flow,
      userCode: code.userCode,
      verificationUrl: code.verificationUrl,
      expiresAt: new Date(code.expiresAt).toISOString(),
    };
  }

  /** Waits for the started sign-in, stores it and makes `chatgpt` active. Throws {@link ChatGptAuthError}. */
  async waitChatGpt(): Promise<AccountsStatus> {
    const pending = this.pending;
    if (!pending) throw new ChatGptAuthError('not_signed_in', 'No ChatGPT sign-in is in progress: start one first.');
    try {
      await this.adopt(await pending.result);
    } finally {
      if (this.pending === pending) this.pending = null;
    }
    return this.status();
  }

  /** Cancels the sign-in in progress; false when there was none. */
  cancelChatGpt(): boolean {
    const pending = this.pending;
    this.pending = null;
    pending?.cancel();
    return Boolean(pending);
  }

  /** Imports the Codex CLI login (read-only) and makes `chatgpt` active. Throws {@link ChatGptAuthError} `codex_import`. */
  async importCodex(): Promise<AccountsStatus> {
    await this.adopt(await readCodexLogin(this.runtime.env));
    return this.status();
  }

  /** Signs out of ChatGPT or removes the provider's API key. */
  async logout(provider: Provider): Promise<AccountsStatus> {
    if (provider === 'chatgpt') await this.runtime.chatgpt.signOut();
    else await this.runtime.setSecret(provider === 'openai' ? 'openai' : 'compatible', null);
    return this.status();
  }

  /**
   * A cheap authenticated call (listing models) with a one-sentence verdict. `candidateKey` tests an OpenAI key
   * before it is stored (used for this call only). Never throws.
   */
  async test(provider: Provider, candidateKey?: string): Promise<ProviderTest> {
    const settings = this.runtime.settings.get();
    if (provider === 'chatgpt') {
      try {
        const models = (await listChatGptModels(this.runtime.chatgpt, this.endpoints().baseUrl)).map((m) => m.id);
        const who = await this.runtime.chatgpt.status();
        const plan = who?.planType ? ` (${who.planType} plan)` : '';
        return { ok: true, verdict: `ChatGPT works${plan}: ${models.length} models available.`, models };
      } catch (error) {
        return { ok: false, verdict: (error as Error).message, models: [] };
      }
    }
    if (provider === 'openai') {
      const key =
        candidateKey ?? (await this.runtime.credentials.get(SECRET_ACCOUNTS.openai)) ?? this.runtime.env.OPENAI_API_KEY;
      if (!key) return { ok: false, verdict: 'No OpenAI API key is set: run `deskpilot login --api-key`.', models: [] };
      const baseUrl = settings.openai.baseUrl ?? this.runtime.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
      const result = await listModels(baseUrl, key);
      if (result.ok)
        return {
          ok: true,
          verdict: `The API key works: ${result.models.length} models available.`,
          models: result.models,
        };
      if (result.status === 401 || result.status === 403) {
        return {
          ok: false,
          verdict: `The API key was rejected (${result.status}). Paste a new key with \`deskpilot login --api-key\`.`,
          models: [],
        };
      }
      return {
        ok: false,
        verdict: `Cannot list models at ${baseUrl} (${result.reason}). Check the network or the base URL.`,
        models: [],
      };
    }
    const key = await this.runtime.credentials.get(SECRET_ACCOUNTS.compatible).catch(() => null);
    const result = await listModels(settings.compatible.baseUrl, key ?? undefined);
    if (result.ok) {
      return {
        ok: true,
        verdict: `The server at ${settings.compatible.baseUrl} answers: ${result.models.length} models.`,
        models: result.models,
      };
    }
    return {
      ok: false,
      verdict: `No OpenAI-compatible server answers at ${settings.compatible.baseUrl} (${result.reason}). Start Ollama or LM Studio, or set compatible.baseUrl.`,
      models: [],
    };
  }

  /** Probes Ollama and LM Studio on their usual ports (or `DESKPILOT_LOCAL_SERVERS`). Throws on a bad override. */
  probeLocal(): Promise<LocalServer[]> {
    return probeLocalServers(localServersToProbe(this.runtime.env));
  }

  /**
   * The model lists of the configured providers, in parallel: ChatGPT when signed in, OpenAI when a key is set, and
   * the local server when it is the active provider or answers. Never throws; a failing provider carries `error`.
   */
  async models(): Promise<ProviderModels[]> {
    const status = await this.status();
    const lists: Promise<ProviderModels | null>[] = [];
    if (status.chatgpt.signedIn) {
      lists.push(
        this.test('chatgpt').then((t) => ({
          provider: 'chatgpt' as const,
          label: 'ChatGPT',
          models: t.models,
          ...(t.ok ? {} : { error: t.verdict }),
        })),
      );
    }
    if (status.openai.configured || this.runtime.env.OPENAI_API_KEY) {
      lists.push(
        this.test('openai').then((t) => ({
          provider: 'openai' as const,
          label: 'OpenAI',
          models: t.models,
          ...(t.ok ? {} : { error: t.verdict }),
        })),
      );
    }
    lists.push(
      this.test('openai-compatible').then((t) =>
        t.ok || status.provider === 'openai-compatible'
          ? {
              provider: 'openai-compatible' as const,
              label: status.compatible.baseUrl,
              models: t.models,
              ...(t.ok ? {} : { error: t.verdict }),
            }
          : null,
      ),
    );
    return (await Promise.all(lists)).filter((list): list is ProviderModels => list !== null);
  }

  /** Makes `provider` and `model` active for the next turn; `baseUrl` sets the local server's URL. */
  async use(provider: Provider, model: string, baseUrl?: string): Promise<AccountsStatus> {
    const patch: Record<string, unknown> = { provider, model };
    if (baseUrl) patch.compatible = { baseUrl };
    await this.runtime.settings.update(patch);
    return this.status();
  }

  private async adopt(tokens: ChatGptTokens): Promise<void> {
    await this.runtime.chatgpt.save(tokens);
    const current = this.runtime.settings.get();
    const model = current.provider === 'chatgpt' ? current.model : DEFAULT_CHATGPT_MODEL;
    await this.runtime.settings.update({ provider: 'chatgpt', model });
  }
}
