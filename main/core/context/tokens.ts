// Token estimates for budgeting and receipts (no tokenizer: ~4 characters per token for English text and JSON).

/** Estimated tokens in `text`: ceil(characters / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Estimated tokens of any JSON-serializable value (its JSON text). */
export function estimateJsonTokens(value: unknown): number {
  return estimateTokens(JSON.stringify(value) ?? '');
}

const itemTokens = new WeakMap<object, number>();

/** {@link estimateJsonTokens} for an object, memoized per object identity (transcript items never change). */
export function estimateItemTokens(item: object): number {
  let tokens = itemTokens.get(item);
  if (tokens === undefined) {
    tokens = estimateJsonTokens(item);
    itemTokens.set(item, tokens);
  }
  return tokens;
}
