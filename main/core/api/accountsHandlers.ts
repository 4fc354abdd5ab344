// Handlers of the `accounts/*` channels (preload/contract/accounts.ts) over a Runtime's Accounts service.
import { accountsOf } from '../auth/accounts';
import { ChatGptAuthError } from '../auth/chatgpt/errors';
import type { Runtime } from '../runtime';
import { failure, type Handlers } from './dispatch';

type AccountHandlers = Pick<
  Handlers,
  | 'accounts/status'
  | 'accounts/chatgptStart'
  | 'accounts/chatgptWait'
  | 'accounts/chatgptCancel'
  | 'accounts/importCodex'
  | 'accounts/logout'
  | 'accounts/test'
  | 'accounts/probeLocal'
  | 'accounts/use'
  | 'accounts/models'
>;

/** The accounts handlers; sign-in failures become contract errors carrying the sign-in's own message. */
export function accountHandlers(runtime: Runtime): AccountHandlers {
  const accounts = accountsOf(runtime);
  return {
    'accounts/status': () => accounts.status(),
    'accounts/chatgptStart': ({ flow }) => mapped(accounts.startChatGpt(flow)),
    'accounts/chatgptWait': () => mapped(accounts.waitChatGpt()),
    'accounts/chatgptCancel': async () => ({ cancelled: accounts.cancelChatGpt() }),
    'accounts/importCodex': () => mapped(accounts.importCodex()),
    'accounts/logout': ({ provider }) => accounts.logout(provider),
    'accounts/test': ({ provider, apiKey }) => accounts.test(provider, apiKey),
    'accounts/probeLocal': async () => {
      try {
        return await accounts.probeLocal();
      } catch (error) {
        throw failure('invalid_params', (error as Error).message);
      }
    },
    'accounts/models': () => accounts.models(),
    'accounts/use': async ({ provider, model, baseUrl }) => {
      try {
        return await accounts.use(provider, model, baseUrl);
      } catch (error) {
        throw failure('invalid_params', (error as Error).message);
      }
    },
  };
}

async function mapped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof ChatGptAuthError)) throw error;
    const code =
      error.code === 'cancelled'
        ? 'cancelled'
        : error.code === 'codex_import' || error.code === 'not_signed_in'
          ? 'not_found'
          : error.code === 'port_in_use'
            ? 'conflict'
            : error.code === 'network'
              ? 'unavailable'
              : 'forbidden';
    throw failure(code, error.message);
  }
}
