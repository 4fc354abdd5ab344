// One model round trip: stream a request, forward deltas, collect output items, usage and any error.
import type { FunctionCallItem, MessageItem, ReasoningItem, Usage } from '../../../preload/contract/items';
import type { ModelAdapter, ModelErrorInfo, ModelRequest } from '../models/types';

/** What one model call produced. `items` are completed output items in order; `partialText` is streamed text not in them. */
export interface RoundResult {
  items: (MessageItem | ReasoningItem | FunctionCallItem)[];
  toolCalls: FunctionCallItem[];
  usage: Usage | null;
  incomplete?: string;
  error?: ModelErrorInfo;
  /** Text streamed after the last completed message item (kept when the stream fails or is interrupted). */
  partialText: string;
}

/** Callbacks for streamed output; called synchronously in stream order. */
export interface RoundObserver {
  onTextDelta(delta: string): void;
  onReasoningDelta(delta: string): void;
  onRetrying(attempt: number, delayMs: number, reason: string): void;
}

/**
 * Streams one request through `adapter` and gathers the result. Never throws: adapter failures and
 * aborts come back as `error` (code `aborted` when `request.signal` fired) with the partial text kept.
 */
export async function runModelRound(
  adapter: ModelAdapter,
  request: ModelRequest,
  observer: RoundObserver,
): Promise<RoundResult> {
  const result: RoundResult = { items: [], toolCalls: [], usage: null, partialText: '' };
  try {
    for await (const event of adapter.stream(request)) {
      switch (event.type) {
        case 'text_delta':
          result.partialText += event.delta;
          observer.onTextDelta(event.delta);
          break;
        case 'reasoning_delta':
          observer.onReasoningDelta(event.delta);
          break;
        case 'item_done':
          result.items.push(event.item);
          if (event.item.type === 'message') result.partialText = '';
          break;
        case 'tool_call':
          result.items.push(event.item);
          result.toolCalls.push(event.item);
          break;
        case 'retrying':
          observer.onRetrying(event.attempt, event.delayMs, event.reason);
          break;
        case 'completed':
          result.usage = event.usage;
          if (event.incomplete) result.incomplete = event.incomplete;
          break;
        case 'error':
          result.error = event.error;
          break;
      }
      if (result.error) break;
    }
  } catch (error) {
    // Adapters promise not to throw; this guards the loop against a broken one.
    result.error = { code: 'stream_failed', message: `The model adapter failed: ${(error as Error).message}` };
  }
  if (!result.error && request.signal.aborted) result.error = { code: 'aborted', message: 'The turn was interrupted.' };
  if (!result.error && !result.usage)
    result.error = {
      code: 'stream_cut',
      message: 'The model stream ended without a completed response; the partial answer was kept. Retry the turn.',
    };
  return result;
}
