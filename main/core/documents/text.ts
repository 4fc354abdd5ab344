// Plain text in any encoding: BOMs first, then chardet (https://github.com/runk/node-chardet) for UTF-16 without a
// BOM, Latin-1/Windows-1252 and the like; decoded with the WHATWG TextDecoder.
import type { ExtractedDocument } from './types';

/** Maps chardet's names to TextDecoder labels where they differ. */
const decoderLabel: Record<string, string> = { 'UTF-32LE': 'utf-32le', 'ISO-8859-1': 'windows-1252' };

/** The encoding of `bytes`: a BOM wins, else chardet's best guess, else UTF-8. */
export async function detectEncoding(bytes: Uint8Array): Promise<string> {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const { default: chardet } = await import('chardet');
  const guess = chardet.detect(bytes.subarray(0, 64 * 1024));
  if (!guess || guess === 'ASCII') return 'utf-8';
  return decoderLabel[guess] ?? guess.toLowerCase();
}

/**
 * Decodes a text file (`format` 'text', or 'html' source) to a string.
 * @throws an Error naming `name` when the detected encoding has no decoder.
 */
export async function decodeText(bytes: Uint8Array, name: string): Promise<{ text: string; encoding: string }> {
  const encoding = await detectEncoding(bytes);
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding);
  } catch (error) {
    throw new Error(
      `${name} looks like ${encoding} text, which Node cannot decode. Convert it to UTF-8 and read that.`,
      {
        cause: error,
      },
    );
  }
  return { text: decoder.decode(bytes), encoding };
}

/** A plain text file as one section, with a note naming a non-UTF-8 encoding. */
export async function extractText(bytes: Uint8Array, name: string): Promise<ExtractedDocument> {
  const { text, encoding } = await decodeText(bytes, name);
  const notes = encoding === 'utf-8' ? [] : [`Decoded from ${encoding}.`];
  return { format: 'text', sections: [{ text }], notes };
}
