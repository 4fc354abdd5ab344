// Byte-bounded tool output: UTF-8-safe cutting with a note the model can read.

/** Length of the longest prefix of `bytes` that is at most `maxBytes` long and does not split a UTF-8 sequence. */
export function utf8SafeLength(bytes: Uint8Array, maxBytes: number): number {
  if (bytes.length <= maxBytes) return bytes.length;
  let end = Math.max(0, maxBytes);
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return end;
}

/** The note appended to cut output: `[output cut: N of M bytes shown]` (N, M in UTF-8 bytes). */
export function cutNote(shownBytes: number, totalBytes: number): string {
  return `[output cut: ${shownBytes} of ${totalBytes} bytes shown]`;
}

/**
 * Returns `text` unchanged when its UTF-8 encoding fits in `maxBytes`; otherwise its longest prefix that fits
 * (never splitting a character) followed by a newline and {@link cutNote}. The note itself is not counted.
 */
export function cutOutput(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const shown = utf8SafeLength(bytes, maxBytes);
  return `${bytes.subarray(0, shown).toString('utf8')}\n${cutNote(shown, bytes.length)}`;
}
