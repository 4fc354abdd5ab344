// The memory plugin's plain constants (no imports): contract.ts builds on them and the CLI's start-up path reads them without zod.

/** What a memory is about: a fact, a preference, an event or a note. */
export const MEMORY_KINDS = ['fact', 'preference', 'event', 'note'] as const;
