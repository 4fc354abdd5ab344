// Token usage as plugins see it (mirrors preload/contract/items.ts Usage; all values in tokens).

/** Token counts reported by the model for one turn. */
export interface Usage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  totalTokens: number;
}
