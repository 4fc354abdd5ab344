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

/**
 * Tokens one image input counts for: the Responses API bills a `high`-detail 1024×1024 image as 765 tokens
 * (85 base + 4 tiles × 170); a fixed estimate keeps base64 bytes from counting as text.
 */
export const IMAGE_TOKENS = 765;

/**
 * {@link estimateJsonTokens} for an object, memoized per object identity (transcript items never change). Image
 * inputs (`input_image` parts with a `data:` URL) count {@link IMAGE_TOKENS} each instead of their base64 text.
 */
export function estimateItemTokens(item: object): number {
  let tokens = itemTokens.get(item);
  if (tokens === undefined) {
    let images = 0;
    const json = JSON.stringify(item, (key, value: unknown) => {
      if (key === 'image_url' && typeof value === 'string' && value.startsWith('data:')) {
        images++;
        return '';
      }
      return value;
    });
    tokens = estimateTokens(json ?? '') + images * IMAGE_TOKENS;
    itemTokens.set(item, tokens);
  }
  return tokens;
}
