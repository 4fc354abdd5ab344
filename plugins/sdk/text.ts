// Small text helpers for user-facing messages, shared by the runtime, the CLI and plugins.

/**
 * `count` with the noun in the right number: `plural(1, 'memory', 'memories')` -> "1 memory",
 * `plural(3, 'item')` -> "3 items" (`many` defaults to `one` + "s"). English only.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
