// SerialQueue: runs async tasks one at a time in call order; a failing task never blocks the ones after it.
// Lives in the SDK (no imports) so the runtime (main/core/util/serialQueue.ts re-exports it) and plugins share one queue.

/**
 * A FIFO of async tasks that never overlap. `run(task)` starts `task` once every earlier task has settled and
 * resolves or rejects with the task's own outcome; a rejection is delivered to that caller only, the queue goes on.
 * Use one queue per resource (a file, a session) instead of hand-written `promise = promise.then(...)` chains.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Queues `task`; resolves with its result once it has run after every earlier task. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.pending--,
      () => this.pending--,
    );
    return result;
  }

  /** Resolves when every task queued so far has settled (never rejects). */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /** Number of tasks queued or running. */
  get size(): number {
    return this.pending;
  }
}
