// Loads the openai SDK on first use: its client modules cost ~0.1–0.4 s of CPU, which commands that never call a
// model (and `deskpilot --version`) must not pay. Error classes come from the light `openai/error` entry instead.
import type OpenAI from 'openai';
import type { ClientOptions } from 'openai';

let loading: Promise<typeof OpenAI> | undefined;

/**
 * A new SDK client (https://github.com/openai/openai-node), importing the SDK on the first call. Rejects only
 * when the SDK cannot be loaded (a broken install).
 */
export async function createOpenAIClient(options: ClientOptions): Promise<OpenAI> {
  loading ??= import('openai').then((module) => module.default);
  const Client = await loading;
  return new Client(options);
}
