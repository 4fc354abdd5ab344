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

/** A {@link cutNote} at the very end of a text, after a newline, as a tool that cut its own output leaves it. */
const trailingNote = /\n\[output cut: (\d+) of (\d+) bytes shown\]$/;

/**
 * Returns `text` unchanged when its UTF-8 encoding fits in `maxBytes`; otherwise its longest prefix that fits
 * (never splitting a character) followed by a newline and {@link cutNote}. The note itself is not counted.
 * When `text` already ends with a cut note (the tool cut its own output, as `bash` does past its capture limit),
 * that note is replaced and the bytes it says were dropped are added to the total, so the total stays the size of
 * the complete output rather than of the already-cut text.
 */
export function cutOutput(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const earlier = trailingNote.exec(text);
  const body = earlier ? Buffer.from(text.slice(0, earlier.index), 'utf8') : bytes;
  const dropped = earlier ? Math.max(0, Number(earlier[2]) - Number(earlier[1])) : 0;
  const shown = utf8SafeLength(body, maxBytes);
  return `${body.subarray(0, shown).toString('utf8')}\n${cutNote(shown, body.length + dropped)}`;
}
