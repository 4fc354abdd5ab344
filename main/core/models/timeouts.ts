// First-byte and idle timeouts of one model request attempt: abort the HTTP request, throw a ModelTimeoutError.
import { ModelTimeoutError } from './errors';
import type { StreamTimeouts } from './types';

/** setTimeout's largest delay (ms); longer timeouts are clamped to it. */
const maxTimerMs = 2 ** 31 - 1;

/**
 * Opens one streaming request attempt with `open(signal)` and enforces {@link StreamTimeouts}. The signal passed to
 * `open` aborts when `parent` aborts or a timeout fires, so the HTTP request (headers or body) is dropped.
 * Resolves when `open` resolves (response headers arrived) with the stream wrapped so that every event must come
 * within `idleMs` of the previous one (or of the start).
 * @throws {ModelTimeoutError} phase `first_byte` when `open` has not resolved after `firstByteMs`; whatever `open`
 *   throws otherwise. The returned stream throws {@link ModelTimeoutError} phase `idle` when the gap is exceeded.
 */
export async function openTimed<T>(
  open: (signal: AbortSignal) => Promise<AsyncIterable<T>>,
  parent: AbortSignal,
  timeouts: StreamTimeouts,
): Promise<AsyncIterable<T>> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  if (parent.aborted) onParentAbort();
  const detach = () => parent.removeEventListener('abort', onParentAbort);

  let firstByteFired = false;
  const firstByteTimer =
    timeouts.firstByteMs === undefined
      ? undefined
      : setTimeout(
          () => {
            firstByteFired = true;
            controller.abort(new ModelTimeoutError('first_byte', timeouts.firstByteMs as number));
          },
          Math.min(timeouts.firstByteMs, maxTimerMs),
        );
  let stream: AsyncIterable<T>;
  try {
    stream = await open(controller.signal);
  } catch (err) {
    detach();
    if (firstByteFired && !parent.aborted) throw new ModelTimeoutError('first_byte', timeouts.firstByteMs as number);
    throw err;
  } finally {
    clearTimeout(firstByteTimer);
  }
  if (firstByteFired && !parent.aborted) {
    detach();
    throw new ModelTimeoutError('first_byte', timeouts.firstByteMs as number);
  }
  return withIdleTimeout(stream, timeouts.idleMs, () => controller.abort(), detach);
}

/**
 * Yields `source`'s events; when the next event takes longer than `idleMs` (ms), calls `onIdle` (which should drop
 * the connection) and throws {@link ModelTimeoutError} phase `idle`. `onEnd` runs once when iteration stops.
 */
async function* withIdleTimeout<T>(
  source: AsyncIterable<T>,
  idleMs: number | undefined,
  onIdle: () => void,
  onEnd: () => void,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const next = iterator.next();
      let result: IteratorResult<T> | 'idle';
      if (idleMs === undefined) {
        result = await next;
      } else {
        let timer: NodeJS.Timeout | undefined;
        const idle = new Promise<'idle'>(
          (resolve) => (timer = setTimeout(() => resolve('idle'), Math.min(idleMs, maxTimerMs))),
        );
        try {
          result = await Promise.race([next, idle]);
        } finally {
          clearTimeout(timer);
        }
      }
      if (result === 'idle') {
        // The pending read settles (or rejects) once the connection is dropped; nobody waits for it any more.
        next.catch(() => undefined);
        onIdle();
        throw new ModelTimeoutError('idle', idleMs as number);
      }
      if (result.done) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    onEnd();
    // Release the SDK stream (it aborts its request) unless it ended by itself; never wait for it.
    if (!finished) void iterator.return?.()?.catch(() => undefined);
  }
}
