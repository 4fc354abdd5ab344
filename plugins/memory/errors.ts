// The memory store's errors, in a module without LanceDB so the plugin can name them before the store is loaded.

/** Thrown for an id that is not a well-formed memory id (before any query is built from it). */
export class InvalidMemoryIdError extends Error {
  constructor(id: string) {
    super(`"${id}" is not a memory id (expected mem_ followed by letters and digits, as the memory list shows them).`);
    this.name = 'InvalidMemoryIdError';
  }
}

/**
 * The memories dataset exists but cannot be opened or read. Nothing was changed on disk: the plugin never
 * recreates a table over existing data. `path` is the dataset directory.
 */
export class MemoryDatasetError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `The memory dataset at ${path} is damaged or unreadable (${reason}). It was left untouched: ` +
        'restore it from a backup, or move it aside and restart Deskpilot to begin a new, empty memory store.',
      { cause },
    );
    this.name = 'MemoryDatasetError';
  }
}
