// Accounts (issue 12): sign-in state, the ChatGPT sign-in in progress, local server probes and provider model lists.
import { create } from 'zustand';
import type {
  AccountsStatus,
  ChatGptLoginStart,
  LocalServer,
  Provider,
  ProviderModels,
  ProviderTest,
} from '../../preload/contract';
import { api } from '../api';
import { useSettings } from './settings';
import { useStatus } from './status';

/** The longest a ChatGPT sign-in waits for the user (the device code lives 15 min), ms. */
const SIGN_IN_WAIT_MS = 16 * 60_000;

/** The ChatGPT sign-in as the UI shows it. */
export type ChatGptLogin =
  | { state: 'idle' }
  | { state: 'starting'; flow: ChatGptLoginStart['flow'] }
  | { state: 'waiting'; start: ChatGptLoginStart }
  | { state: 'done'; message: string }
  | { state: 'failed'; message: string };

interface AccountsStore {
  status: AccountsStatus | null;
  /** Local servers found by the last probe (null before the first probe ends). */
  local: LocalServer[] | null;
  probing: boolean;
  /** Why the last probe failed, if it did. */
  probeError: string | null;
  login: ChatGptLogin;
  /** Model lists of the configured providers (the composer's picker); null until loaded. */
  models: ProviderModels[] | null;
  loadingModels: boolean;
  refresh(): Promise<void>;
  probe(): Promise<void>;
  /** Starts a ChatGPT sign-in and waits for it; the outcome lands in `login`. */
  signIn(flow: ChatGptLoginStart['flow']): Promise<void>;
  cancelSignIn(): Promise<void>;
  /** Imports the Codex CLI login; resolves with the error message or null. */
  importCodex(): Promise<string | null>;
  /** Signs out of ChatGPT or removes an API key; resolves with the error message or null. */
  logout(provider: Provider): Promise<string | null>;
  /** Tests a provider with a cheap authenticated call; `apiKey` tests a pasted OpenAI key before storing it. */
  test(provider: Provider, apiKey?: string): Promise<ProviderTest>;
  /** Makes provider + model active for the next turn; resolves with the error message or null. */
  use(provider: Provider, model: string, baseUrl?: string): Promise<string | null>;
  loadModels(): Promise<void>;
}

/** After anything that changes accounts: the status bar, the settings view and the onboarding card follow. */
async function afterChange(status: AccountsStatus): Promise<void> {
  useAccounts.setState({ status, models: null });
  await Promise.all([useStatus.getState().refresh(), useSettings.getState().refresh()]);
}

/** Store of the accounts state; actions call the `accounts/*` channels. */
export const useAccounts = create<AccountsStore>()((set, get) => ({
  status: null,
  local: null,
  probing: false,
  probeError: null,
  login: { state: 'idle' },
  models: null,
  loadingModels: false,
  async refresh() {
    const r = await api.invoke('accounts/status', {});
    if (r.ok) set({ status: r.value });
  },
  async probe() {
    if (get().probing) return;
    set({ probing: true, probeError: null });
    const r = await api.invoke('accounts/probeLocal', {});
    set({ probing: false, ...(r.ok ? { local: r.value } : { local: [], probeError: r.error.message }) });
  },
  async signIn(flow) {
    set({ login: { state: 'starting', flow } });
    const started = await api.invoke('accounts/chatgptStart', { flow });
    if (!started.ok) {
      set({ login: { state: 'failed', message: started.error.message } });
      return;
    }
    set({ login: { state: 'waiting', start: started.value } });
    const done = await api.invoke('accounts/chatgptWait', {}, { timeoutMs: SIGN_IN_WAIT_MS });
    // A newer sign-in (or a cancel) replaced this one: its outcome is not ours to show.
    const current = get().login;
    if (current.state !== 'waiting' || current.start !== started.value) return;
    if (!done.ok) {
      set({
        login: {
          state: 'failed',
          message: done.error.code === 'cancelled' ? 'Sign-in cancelled.' : done.error.message,
        },
      });
      return;
    }
    const who = done.value.chatgpt.email ?? done.value.chatgpt.accountId ?? 'your account';
    const plan = done.value.chatgpt.planType ? ` (${done.value.chatgpt.planType} plan)` : '';
    set({ login: { state: 'done', message: `Signed in with ChatGPT as ${who}${plan}.` } });
    await afterChange(done.value);
  },
  async cancelSignIn() {
    set({ login: { state: 'failed', message: 'Sign-in cancelled.' } });
    await api.invoke('accounts/chatgptCancel', {});
  },
  async importCodex() {
    const r = await api.invoke('accounts/importCodex', {});
    if (!r.ok) return r.error.message;
    await afterChange(r.value);
    return null;
  },
  async logout(provider) {
    const r = await api.invoke('accounts/logout', { provider });
    if (!r.ok) return r.error.message;
    if (provider === 'chatgpt') set({ login: { state: 'idle' } });
    await afterChange(r.value);
    return null;
  },
  async test(provider, apiKey) {
    const r = await api.invoke('accounts/test', { provider, ...(apiKey ? { apiKey } : {}) });
    return r.ok ? r.value : { ok: false, verdict: r.error.message, models: [] };
  },
  async use(provider, model, baseUrl) {
    const r = await api.invoke('accounts/use', { provider, model, ...(baseUrl ? { baseUrl } : {}) });
    if (!r.ok) return r.error.message;
    await afterChange(r.value);
    return null;
  },
  async loadModels() {
    if (get().loadingModels) return;
    set({ loadingModels: true });
    const r = await api.invoke('accounts/models', {});
    set({
      loadingModels: false,
      models: r.ok ? r.value : [{ provider: 'openai', label: 'Models', models: [], error: r.error.message }],
    });
  },
}));
