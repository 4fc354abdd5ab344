// The main window's remembered bounds in <home>/window-state.json, and clamping them onto a visible display.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { atomicWriteJson } from '../core/util/atomicWrite';

/** A rectangle in screen coordinates (DIP, device-independent pixels). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Saved window bounds (DIP) and whether it was maximized. */
export interface WindowState extends Rect {
  maximized: boolean;
}

/** Size of a new window, DIP. */
export const DEFAULT_WINDOW_SIZE = { width: 1100, height: 760 } as const;
/** Smallest size the main window may have, DIP (also set as the window's minimum). */
export const MIN_WINDOW_SIZE = { width: 480, height: 360 } as const;

const coordinate = z.number().finite().min(-1_000_000).max(1_000_000);
const length = z.number().finite().positive().max(100_000);
const StoredState = z.object({
  x: coordinate,
  y: coordinate,
  width: length,
  height: length,
  maximized: z.boolean().default(false),
});

/** Path of the state file inside `home`. */
export function windowStatePath(home: string): string {
  return path.join(home, 'window-state.json');
}

/** Reads `<home>/window-state.json`; `null` when missing, unreadable or invalid (a new window then uses defaults). */
export async function loadWindowState(home: string): Promise<WindowState | null> {
  try {
    const parsed = StoredState.safeParse(JSON.parse(await readFile(windowStatePath(home), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the state atomically (temp file + fsync + rename), mode 0600 like every file in the home. Throws the fs error when `home` is not writable. */
export async function saveWindowState(home: string, state: WindowState): Promise<void> {
  const { x, y, width, height, maximized } = state;
  await atomicWriteJson(
    windowStatePath(home),
    { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height), maximized },
    { mode: 0o600 },
  );
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), Math.max(min, max));

function centered(area: Rect, width: number, height: number): Rect {
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Places a window so it is fully visible: `saved` (or the default size when `null`) goes onto the work area it
 * overlaps most, its size clamped between {@link MIN_WINDOW_SIZE} and that work area, and its position moved just
 * enough to lie inside it. A window that overlaps no work area (display unplugged, resolution changed) is centered on
 * `primary`. `workAreas` are the displays' work areas (DIP); `primary` is the primary display's work area.
 */
export function clampToDisplays(saved: WindowState | null, workAreas: readonly Rect[], primary: Rect): WindowState {
  const wanted = saved ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE, maximized: false };
  let best: Rect | undefined;
  let bestOverlap = 0;
  if (saved) {
    for (const area of workAreas) {
      const o = overlap(saved, area);
      if (o > bestOverlap) [best, bestOverlap] = [area, o];
    }
  }
  const area = best ?? primary;
  const width = Math.round(clamp(wanted.width, MIN_WINDOW_SIZE.width, area.width));
  const height = Math.round(clamp(wanted.height, MIN_WINDOW_SIZE.height, area.height));
  if (!best) return { ...centered(area, width, height), maximized: wanted.maximized };
  return {
    x: Math.round(clamp(wanted.x, area.x, area.x + area.width - width)),
    y: Math.round(clamp(wanted.y, area.y, area.y + area.height - height)),
    width,
    height,
    maximized: wanted.maximized,
  };
}
