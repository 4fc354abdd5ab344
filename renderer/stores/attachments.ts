// Attachment limits and file reading for the composer (files and images become data: URLs for `chat/send`).
import type { Attachment } from '../../preload/contract';
import { formatBytes } from '../ui/format';

/** Largest single file accepted, in bytes (its data: URL stays under the contract's 20 MB string limit). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Most attachments per message (the contract's limit). */
export const MAX_ATTACHMENTS = 20;

/** An attachment in the composer: what `chat/send` gets plus its size for display. */
export interface ComposerAttachment extends Attachment {
  id: string;
  sizeBytes: number;
}

/** The part of a File the checks need. */
export interface FileMeta {
  name: string;
  size: number;
}

/**
 * Splits `files` into those that fit and messages for those that don't: too large (over
 * {@link MAX_FILE_BYTES}), empty, or beyond {@link MAX_ATTACHMENTS} together with the `existing` ones.
 */
export function checkFiles<F extends FileMeta>(
  existing: number,
  files: readonly F[],
): { accepted: F[]; errors: string[] } {
  const accepted: F[] = [];
  const errors: string[] = [];
  for (const f of files) {
    if (f.size > MAX_FILE_BYTES) {
      errors.push(`${f.name} is ${formatBytes(f.size)}; files can be at most ${formatBytes(MAX_FILE_BYTES)}.`);
    } else if (f.size === 0) {
      errors.push(`${f.name} is empty.`);
    } else if (existing + accepted.length >= MAX_ATTACHMENTS) {
      errors.push(`${f.name} was not added: a message can carry at most ${MAX_ATTACHMENTS} attachments.`);
    } else {
      accepted.push(f);
    }
  }
  return { accepted, errors };
}

/** Reads a file as a data: URL; rejects with a message naming the file when the read fails. */
export function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () =>
      reject(new Error(`Could not read ${file.name}; check that the file still exists and try again.`));
    reader.readAsDataURL(file);
  });
}

/** True when the attachment will be sent to the model as an image. */
export function isImage(mimeType: string): boolean {
  return mimeType.startsWith('image/');
}
