// Shared helpers for the model adapter tests: request builder and stream collector.
import type { SessionItem } from '../../../../preload/contract/items';
import type { ModelAdapter, ModelRequest, ModelStreamEvent } from '../../../../main/core/models/types';

/** A minimal request: one user message, no tools, a fresh never-aborted signal; `overrides` replace fields. */
export function makeRequest(overrides: Partial<ModelRequest> = {}): ModelRequest {
  const input: SessionItem[] = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello?' }] }];
  return {
    model: 'gpt-test',
    instructions: 'Be brief.',
    input,
    tools: [],
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Drains an adapter stream into an array (the stream must end by itself). */
export async function collect(adapter: ModelAdapter, request: ModelRequest): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  for await (const event of adapter.stream(request)) events.push(event);
  return events;
}

/** Concatenated `text_delta`s. */
export function textOf(events: ModelStreamEvent[]): string {
  return events.map((e) => (e.type === 'text_delta' ? e.delta : '')).join('');
}

/** Concatenated `reasoning_delta`s. */
export function reasoningOf(events: ModelStreamEvent[]): string {
  return events.map((e) => (e.type === 'reasoning_delta' ? e.delta : '')).join('');
}

/** The single terminal event, asserting there is exactly one and that it is last. */
export function terminalOf(events: ModelStreamEvent[]): Extract<ModelStreamEvent, { type: 'completed' | 'error' }> {
  const terminals = events.filter((e) => e.type === 'completed' || e.type === 'error');
  if (terminals.length !== 1 || events[events.length - 1] !== terminals[0]) {
    throw new Error(`expected exactly one terminal event at the end, got ${JSON.stringify(events.map((e) => e.type))}`);
  }
  return terminals[0] as Extract<ModelStreamEvent, { type: 'completed' | 'error' }>;
}

/** The `tool_call` items, in order. */
export function toolCallsOf(events: ModelStreamEvent[]) {
  return events.flatMap((e) => (e.type === 'tool_call' ? [e.item] : []));
}
