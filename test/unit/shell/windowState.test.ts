// Window bounds: clamping onto visible displays, and the state file (real temp folder).
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clampToDisplays,
  DEFAULT_WINDOW_SIZE,
  loadWindowState,
  MIN_WINDOW_SIZE,
  saveWindowState,
  windowStatePath,
  type Rect,
} from '../../../main/shell/windowState';

const primary: Rect = { x: 0, y: 25, width: 1920, height: 1055 };
const right: Rect = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('clampToDisplays', () => {
  it('centers the default size on the primary display when nothing is saved', () => {
    expect(clampToDisplays(null, [primary, right], primary)).toEqual({
      x: 410,
      y: 173,
      ...DEFAULT_WINDOW_SIZE,
      maximized: false,
    });
  });

  it('keeps a window that is fully visible', () => {
    const saved = { x: 2000, y: 100, width: 900, height: 700, maximized: true };
    expect(clampToDisplays(saved, [primary, right], primary)).toEqual(saved);
  });

  it('moves a window that hangs off the edge back onto the display it overlaps most', () => {
    expect(
      clampToDisplays({ x: 2800, y: 900, width: 800, height: 600, maximized: false }, [primary, right], primary),
    ).toEqual({ x: 2400, y: 424, width: 800, height: 600, maximized: false });
    expect(clampToDisplays({ x: -300, y: -50, width: 800, height: 600, maximized: false }, [primary], primary)).toEqual(
      { x: 0, y: 25, width: 800, height: 600, maximized: false },
    );
  });

  it('centers on the primary display a window whose display is gone', () => {
    expect(clampToDisplays({ x: 5000, y: 100, width: 800, height: 600, maximized: false }, [primary], primary)).toEqual(
      { x: 560, y: 253, width: 800, height: 600, maximized: false },
    );
  });

  it('shrinks a window larger than its display and grows one below the minimum', () => {
    expect(clampToDisplays({ x: 0, y: 0, width: 4000, height: 3000, maximized: false }, [primary], primary)).toEqual({
      x: 0,
      y: 25,
      width: 1920,
      height: 1055,
      maximized: false,
    });
    expect(
      clampToDisplays({ x: 100, y: 100, width: 10, height: 10, maximized: false }, [primary], primary),
    ).toMatchObject({ width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height });
  });
});

describe('window-state.json', () => {
  let home: string | undefined;
  afterEach(async () => {
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('round-trips the state (rounded) and reads null when missing or invalid', async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-winstate-'));
    expect(await loadWindowState(home)).toBeNull();
    await saveWindowState(home, { x: 10.4, y: 20.6, width: 800, height: 600, maximized: true });
    expect(JSON.parse(await readFile(windowStatePath(home), 'utf8'))).toEqual({
      x: 10,
      y: 21,
      width: 800,
      height: 600,
      maximized: true,
    });
    expect((await stat(windowStatePath(home))).mode & 0o777).toBe(0o600);
    expect(await loadWindowState(home)).toEqual({ x: 10, y: 21, width: 800, height: 600, maximized: true });
    await writeFile(windowStatePath(home), '{"x": 1, "y": 2, "width": -5, "height": 600}');
    expect(await loadWindowState(home)).toBeNull();
    await writeFile(windowStatePath(home), '{torn');
    expect(await loadWindowState(home)).toBeNull();
  });
});
