// Pure planner operations: every edit takes a state and returns a new one (inputs are never mutated) or throws PlannerError.
import type { PlanItem, PlanList, PlannerState } from './schema';

/** Longest list name, in characters. */
export const MAX_NAME_LENGTH = 80;
/** Longest item text or note, in characters. */
export const MAX_TEXT_LENGTH = 2000;
/** How many item ids an "item not found" error lists before eliding the rest. */
const MAX_LISTED_IDS = 20;

/** Where time and randomness come from, so operations stay pure and testable. */
export interface PlannerEnv {
  /** Current time in ms since the Unix epoch. */
  now(): number;
  /** A random id suffix (e.g. 6 lowercase letters/digits); the model prefixes it and retries on collision. */
  randomId(): string;
}

/** A user- or model-facing planner error: the message names what was not found or invalid and what exists. */
export class PlannerError extends Error {
  override name = 'PlannerError';
}

/** An item reference: its id (`it_…`), or its 1-based position as a number or a string of digits. */
export type ItemRef = string | number;

/** The result of an edit: the new state and the affected list as it is in that state. */
export interface Change {
  state: PlannerState;
  list: PlanList;
}

/** Done/total counts of a list's items. */
export interface Progress {
  done: number;
  total: number;
}

/** Counts done and total items of `list`. */
export function progress(list: PlanList): Progress {
  return { done: list.items.filter((item) => item.done).length, total: list.items.length };
}

/** The active list, or null when none is active (or the active id no longer exists). */
export function activeList(state: PlannerState): PlanList | null {
  return state.lists.find((list) => list.id === state.activeListId) ?? null;
}

/**
 * Finds a list by name (case-insensitive, surrounding whitespace ignored) or by id; without `ref`, the active list.
 * Throws PlannerError naming the missing list and the existing ones.
 */
export function findList(state: PlannerState, ref?: string): PlanList {
  if (ref === undefined || ref.trim() === '') {
    const active = activeList(state);
    if (active) return active;
    if (state.lists.length === 0) throw new PlannerError('No active list and no lists yet; create a list first.');
    throw new PlannerError(`No active list; lists: ${listNames(state)}. Name one of them or make it active.`);
  }
  const key = normalizeName(ref).toLowerCase();
  const found =
    state.lists.find((list) => list.name.toLowerCase() === key) ?? state.lists.find((list) => list.id === ref.trim());
  if (found) return found;
  if (state.lists.length === 0)
    throw new PlannerError(`No list named "${ref.trim()}"; there are no lists yet, create one first.`);
  throw new PlannerError(`No list named "${ref.trim()}"; lists: ${listNames(state)}.`);
}

/** Resolves an item reference to its 0-based index in `list`. Throws PlannerError naming the valid positions or ids. */
export function findItemIndex(list: PlanList, ref: ItemRef): number {
  const asText = typeof ref === 'string' ? ref.trim() : '';
  const position = typeof ref === 'number' ? ref : /^\d+$/.test(asText) ? Number(asText) : null;
  if (position !== null) {
    if (Number.isInteger(position) && position >= 1 && position <= list.items.length) return position - 1;
    if (list.items.length === 0) throw new PlannerError(`No item ${ref} in list "${list.name}"; the list is empty.`);
    throw new PlannerError(
      `No item ${ref} in list "${list.name}"; it has ${list.items.length} item${plural(list.items.length)} (1–${list.items.length}).`,
    );
  }
  const index = list.items.findIndex((item) => item.id === asText);
  if (index >= 0) return index;
  if (list.items.length === 0)
    throw new PlannerError(`No item with id "${asText}" in list "${list.name}"; the list is empty.`);
  const ids = list.items.slice(0, MAX_LISTED_IDS).map((item, i) => `${item.id} (${i + 1})`);
  const more = list.items.length > MAX_LISTED_IDS ? `, … ${list.items.length - MAX_LISTED_IDS} more` : '';
  throw new PlannerError(`No item with id "${asText}" in list "${list.name}"; ids: ${ids.join(', ')}${more}.`);
}

/**
 * Creates a list named `name` (unique ignoring case) holding `items` (default none); makes it active unless
 * `activate` is false. Throws PlannerError on an empty/too long/duplicate name or an invalid item text.
 */
export function createList(
  state: PlannerState,
  input: { name: string; items?: readonly string[]; activate?: boolean },
  env: PlannerEnv,
): Change {
  const name = checkName(input.name);
  const clash = state.lists.find((list) => list.name.toLowerCase() === name.toLowerCase());
  if (clash)
    throw new PlannerError(`A list named "${clash.name}" already exists; pick another name or add items to it.`);
  const at = iso(env);
  const ids = new IdSource(state, env);
  const list: PlanList = {
    id: ids.next('pl_'),
    name,
    createdAt: at,
    updatedAt: at,
    items: (input.items ?? []).map((text) => newItem(text, at, ids)),
  };
  const activate = input.activate ?? true;
  return {
    state: { ...state, activeListId: activate ? list.id : state.activeListId, lists: [...state.lists, list] },
    list,
  };
}

/**
 * Adds `items` (at least one) to a list (default: active), appended or inserted so the first new item lands at
 * 1-based `position` (1 … length+1). Returns the change plus the added items. Throws PlannerError on a bad list,
 * position or text.
 */
export function addItems(
  state: PlannerState,
  input: { list?: string; items: readonly string[]; position?: number },
  env: PlannerEnv,
): Change & { added: PlanItem[] } {
  const list = findList(state, input.list);
  if (input.items.length === 0)
    throw new PlannerError(`No items to add to list "${list.name}"; pass at least one item text.`);
  const at = iso(env);
  const ids = new IdSource(state, env);
  const added = input.items.map((text) => newItem(text, at, ids));
  const last = list.items.length + 1;
  const position = input.position ?? last;
  if (!Number.isInteger(position) || position < 1 || position > last) {
    throw new PlannerError(
      `Position ${position} is out of range for list "${list.name}"; use 1–${last} (${last} appends).`,
    );
  }
  const items = [...list.items.slice(0, position - 1), ...added, ...list.items.slice(position - 1)];
  return { ...replaceList(state, { ...list, items, updatedAt: at }), added };
}

/**
 * Marks items done (default) or open again. `doneAt` is set when an open item is checked (kept when it was already
 * done) and cleared when unchecked. All references are resolved before anything changes; throws PlannerError otherwise.
 */
export function setItemsDone(
  state: PlannerState,
  input: { list?: string; items: readonly ItemRef[]; done?: boolean },
  env: PlannerEnv,
): Change {
  const list = findList(state, input.list);
  if (input.items.length === 0)
    throw new PlannerError(`No items given for list "${list.name}"; pass item ids or 1-based positions.`);
  const indexes = new Set(input.items.map((ref) => findItemIndex(list, ref)));
  const done = input.done ?? true;
  const at = iso(env);
  const items = list.items.map((item, i) => {
    if (!indexes.has(i) || item.done === done) return item;
    return { ...item, done, doneAt: done ? at : null };
  });
  return replaceList(state, { ...list, items, updatedAt: at });
}

/**
 * Changes an item's `text` and/or `note` (an empty note removes it). Throws PlannerError when the list or item is
 * missing, when neither field is given, or when a value is invalid.
 */
export function updateItem(
  state: PlannerState,
  input: { list?: string; item: ItemRef; text?: string; note?: string },
  env: PlannerEnv,
): Change {
  const list = findList(state, input.list);
  const index = findItemIndex(list, input.item);
  if (input.text === undefined && input.note === undefined) {
    throw new PlannerError(`Nothing to change for item ${input.item} in list "${list.name}"; pass text or note.`);
  }
  const updated: PlanItem = { ...list.items[index]! };
  if (input.text !== undefined) updated.text = checkText(input.text, 'Item text');
  if (input.note !== undefined) {
    const note = input.note.trim();
    if (note === '') delete updated.note;
    else updated.note = checkText(note, 'Note');
  }
  const items = list.items.map((item, i) => (i === index ? updated : item));
  return replaceList(state, { ...list, items, updatedAt: iso(env) });
}

/** Moves an item to 1-based position `to` (1 … length). Throws PlannerError on a missing list/item or bad position. */
export function moveItem(
  state: PlannerState,
  input: { list?: string; item: ItemRef; to: number },
  env: PlannerEnv,
): Change {
  const list = findList(state, input.list);
  const index = findItemIndex(list, input.item);
  const count = list.items.length;
  if (!Number.isInteger(input.to) || input.to < 1 || input.to > count) {
    throw new PlannerError(`Position ${input.to} is out of range for list "${list.name}"; use 1–${count}.`);
  }
  const items = list.items.filter((_, i) => i !== index);
  items.splice(input.to - 1, 0, list.items[index]!);
  return replaceList(state, { ...list, items, updatedAt: iso(env) });
}

/** Removes the referenced items (all resolved first). Returns the change plus the removed items. Throws PlannerError. */
export function removeItems(
  state: PlannerState,
  input: { list?: string; items: readonly ItemRef[] },
  env: PlannerEnv,
): Change & { removed: PlanItem[] } {
  const list = findList(state, input.list);
  if (input.items.length === 0)
    throw new PlannerError(`No items given for list "${list.name}"; pass item ids or 1-based positions.`);
  const indexes = new Set(input.items.map((ref) => findItemIndex(list, ref)));
  const removed = list.items.filter((_, i) => indexes.has(i));
  const items = list.items.filter((_, i) => !indexes.has(i));
  return { ...replaceList(state, { ...list, items, updatedAt: iso(env) }), removed };
}

/** Removes all items (`scope: 'all'`) or only the done ones (`'done'`); the list itself stays. Returns how many went. */
export function clearItems(
  state: PlannerState,
  input: { list?: string; scope: 'done' | 'all' },
  env: PlannerEnv,
): Change & { removed: number } {
  const list = findList(state, input.list);
  const items = input.scope === 'all' ? [] : list.items.filter((item) => !item.done);
  return { ...replaceList(state, { ...list, items, updatedAt: iso(env) }), removed: list.items.length - items.length };
}

/** Deletes a list (default: active); if it was active, no list is active afterwards. Throws PlannerError if missing. */
export function deleteList(state: PlannerState, input: { list?: string }): { state: PlannerState; deleted: PlanList } {
  const deleted = findList(state, input.list);
  return {
    state: {
      ...state,
      activeListId: state.activeListId === deleted.id ? null : state.activeListId,
      lists: state.lists.filter((list) => list.id !== deleted.id),
    },
    deleted,
  };
}

/**
 * Pins the named list (name or id) as global, so every session shows it when it has no active list of its own;
 * `list: null` unpins. Throws PlannerError naming the existing lists if it is missing.
 */
export function pinList(
  state: PlannerState,
  input: { list: string | null },
): { state: PlannerState; list: PlanList | null } {
  if (input.list === null) return { state: { ...state, pinnedListId: null }, list: null };
  const list = findList(state, input.list);
  return { state: { ...state, pinnedListId: list.id }, list };
}

/** Makes the named list (name or id) active. Throws PlannerError naming the existing lists if it is missing. */
export function setActiveList(state: PlannerState, input: { list: string }): Change {
  const list = findList(state, input.list);
  return { state: { ...state, activeListId: list.id }, list };
}

/** Renames a list (default: active); the new name must be unique ignoring case (the list's own name excepted). */
export function renameList(state: PlannerState, input: { list?: string; name: string }, env: PlannerEnv): Change {
  const list = findList(state, input.list);
  const name = checkName(input.name);
  const clash = state.lists.find((other) => other.id !== list.id && other.name.toLowerCase() === name.toLowerCase());
  if (clash)
    throw new PlannerError(`A list named "${clash.name}" already exists; pick another name for "${list.name}".`);
  return replaceList(state, { ...list, name, updatedAt: iso(env) });
}

/** Comma-separated list names in state order, e.g. `groceries, launch`. */
export function listNames(state: PlannerState): string {
  return state.lists.map((list) => list.name).join(', ');
}

function replaceList(state: PlannerState, list: PlanList): Change {
  return { state: { ...state, lists: state.lists.map((other) => (other.id === list.id ? list : other)) }, list };
}

function newItem(text: string, at: string, ids: IdSource): PlanItem {
  return { id: ids.next('it_'), text: checkText(text, 'Item text'), done: false, createdAt: at, doneAt: null };
}

function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

function checkName(raw: string): string {
  const name = normalizeName(raw);
  if (name === '') throw new PlannerError('The list name is empty; give the list a name, e.g. "launch".');
  if (name.length > MAX_NAME_LENGTH) {
    throw new PlannerError(`The list name is ${name.length} characters long; use at most ${MAX_NAME_LENGTH}.`);
  }
  return name;
}

function checkText(raw: string, what: string): string {
  const text = raw.trim();
  if (text === '') throw new PlannerError(`${what} is empty; give it some text.`);
  if (text.length > MAX_TEXT_LENGTH) {
    throw new PlannerError(`${what} is ${text.length} characters long; use at most ${MAX_TEXT_LENGTH}.`);
  }
  return text;
}

function iso(env: PlannerEnv): string {
  return new Date(env.now()).toISOString();
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}

/** Hands out ids not used anywhere in the state (nor earlier by this source). */
class IdSource {
  private readonly taken = new Set<string>();

  constructor(
    state: PlannerState,
    private readonly env: PlannerEnv,
  ) {
    for (const list of state.lists) {
      this.taken.add(list.id);
      for (const item of list.items) this.taken.add(item.id);
    }
  }

  next(prefix: string): string {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const id = prefix + this.env.randomId();
      if (!this.taken.has(id)) {
        this.taken.add(id);
        return id;
      }
    }
    throw new PlannerError(`Could not pick a unique ${prefix}… id after 100 attempts; the id source repeats itself.`);
  }
}
