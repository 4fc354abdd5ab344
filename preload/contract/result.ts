// The Result envelope every request channel replies with (DESIGN.md §4).
import { z } from 'zod';

/**
 * Error codes a request can fail with; the renderer switches on these, never on messages. `cancelled`: the client
 * cancelled the request (wire.ts `cancel`) before it finished. Dispatch keeps a thrown error's `code` only when it is
 * one of `ErrorCode.options`.
 */
export const ErrorCode = z.enum([
  'forbidden',
  'invalid_params',
  'not_found',
  'conflict',
  'unavailable',
  'cancelled',
  'internal',
]);
/** One of {@link ErrorCode}'s values. */
export type ErrorCode = z.infer<typeof ErrorCode>;

/** A failed reply: `code` is machine-readable, `message` names what failed and what to do next. */
export const ErrorInfo = z.object({ code: ErrorCode, message: z.string() });
/** Shape of {@link ErrorInfo}. */
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** `{ok: true, value}` on success, `{ok: false, error}` on failure. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** Builds a zod schema for `Result<T>` from the schema of `T`. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorInfo }),
  ]);
}

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed Result with the given code and message. */
export function err<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
