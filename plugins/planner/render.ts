// Compact text renderings of planner lists, shared by tool outputs, the context provider and /plan.
import { activeList, progress } from './model';
import type { PlanItem, PlanList, PlannerState } from './schema';

/** Options for {@link renderList}. */
export interface RenderListOptions {
  /**
   * Most item lines to show. When the list is longer, done items are hidden first, then the tail is cut, and a
   * last line says how many were left out. Default: no limit.
   */
  maxItems?: number;
  /** Appended to the "left out" line, e.g. `; planner_list shows all`. */
  moreHint?: string;
}

/**
 * Renders one list as
 * `Plan "launch" (2/5 done)` followed by one line per item: ` 1. [x] text (id it_…)`, and an indented
 * `note: …` line under items that have a note.
 */
export function renderList(list: PlanList, options: RenderListOptions = {}): string {
  const { done, total } = progress(list);
  const lines = [`Plan "${list.name}" (${done}/${total} done)`];
  if (total === 0) lines.push(' (no items)');
  const indexed = list.items.map((item, index) => ({ item, index }));
  const max = options.maxItems ?? Infinity;
  let shown = indexed;
  if (shown.length > max) shown = shown.filter(({ item }) => !item.done);
  if (shown.length > max) shown = shown.slice(0, max);
  for (const { item, index } of shown) lines.push(...itemLines(item, index + 1));
  const hidden = total - shown.length;
  if (hidden > 0) {
    const hiddenDone = list.items.filter((item) => item.done).length - shown.filter(({ item }) => item.done).length;
    const parts = [
      hiddenDone > 0 ? `${hiddenDone} done` : '',
      hidden - hiddenDone > 0 ? `${hidden - hiddenDone} open` : '',
    ];
    lines.push(
      ` … ${parts.filter(Boolean).join(' and ')} item${hidden === 1 ? '' : 's'} not shown${options.moreHint ?? ''}`,
    );
  }
  return lines.join('\n');
}

/**
 * Renders every list with its progress, the active one marked, e.g.
 * `Plans (2):\n * launch — 2/5 done (active)\n - groceries — 0/3 done`; `emptyText` when there are no lists.
 */
export function renderOverview(state: PlannerState, emptyText: string): string {
  if (state.lists.length === 0) return emptyText;
  const active = activeList(state);
  const lines = [`Plans (${state.lists.length}):`];
  for (const list of state.lists) {
    const { done, total } = progress(list);
    const isActive = list.id === active?.id;
    const marks = [isActive ? 'active' : '', list.id === state.pinnedListId ? 'pinned' : ''].filter(Boolean);
    lines.push(
      ` ${isActive ? '*' : '-'} ${list.name} — ${done}/${total} done${marks.length ? ` (${marks.join(', ')})` : ''}`,
    );
  }
  return lines.join('\n');
}

function itemLines(item: PlanItem, position: number): string[] {
  const lines = [`${String(position).padStart(2)}. [${item.done ? 'x' : ' '}] ${oneLine(item.text)} (id ${item.id})`];
  if (item.note !== undefined) {
    const [first, ...rest] = item.note.split(/\r?\n/);
    lines.push(`     note: ${first}`, ...rest.map((line) => `           ${line}`));
  }
  return lines;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ');
}
