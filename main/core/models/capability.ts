// The `model` capability plugins get: one-shot completions and embeddings through the configured account.
import { createOpenAIClient } from './sdk';
import type { ModelCapability } from '../../../plugins/sdk/plugin';
import type { ModelConnection } from './resolve';
import type { ModelAdapter } from './types';

/**
 * Builds a ModelCapability. `complete` streams one tool-less request through the current adapter;
 * `embed` calls `POST {baseUrl}/embeddings` (https://platform.openai.com/docs/api-reference/embeddings)
 * with the configured key. Both throw Errors naming the failure.
 */
export function createModelCapability(deps: {
  getAdapter(): ModelAdapter;
  getModel(): string;
  getConnection(): ModelConnection;
}): ModelCapability {
  return {
    async complete({ instructions, input, signal }) {
      let text = '';
      const stream = deps.getAdapter().stream({
        model: deps.getModel(),
        instructions,
        input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }],
        tools: [],
        signal: signal ?? new AbortController().signal,
      });
      for await (const event of stream) {
        if (event.type === 'text_delta') text += event.delta;
        if (event.type === 'error') throw new Error(`The model request failed: ${event.error.message}`);
      }
      return text;
    },
    async embed({ texts, model, baseUrl, signal }) {
      const connection = deps.getConnection();
      if (!connection.ok && !baseUrl) throw new Error(connection.message);
      if (connection.ok && connection.provider === 'chatgpt' && !baseUrl) {
        throw new Error(
          'The ChatGPT backend has no embeddings endpoint: give this plugin an embeddings base URL (e.g. a local Ollama) or use an API key provider.',
        );
      }
      const apiKey =
        (connection.ok && connection.provider !== 'chatgpt' ? connection.apiKey : undefined) ?? 'not-needed';
      const client = await createOpenAIClient({
        apiKey,
        baseURL: baseUrl ?? (connection.ok ? connection.baseUrl : undefined),
        maxRetries: 2,
      });
      const response = await client.embeddings.create({ model, input: texts, encoding_format: 'float' }, { signal });
      return [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    },
  };
}
