// Packs the built app with electron-builder.yml against a stand-in Electron dist (the real one cannot be downloaded here):
// checks what lands in app.asar, that native addons are unpacked, and that the fuses of DESIGN.md §9 are flipped.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
/** The marker @electron/fuses looks for in an Electron binary, followed by wire version 1, length, and one byte per fuse. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

describe('electron-builder packaging (stand-in Electron dist)', () => {
  let work: string;
  let unpacked: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-pack-'));
    const dist = path.join(work, 'electron-dist');
    await mkdir(dist, { recursive: true });
    // Electron's defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, asar checks off, file:// privileges on.
    await writeFile(
      path.join(dist, 'electron'),
      Buffer.concat([
        Buffer.from('#!/bin/sh\n# '),
        Buffer.from(SENTINEL),
        Buffer.from([1, 8]),
        Buffer.from('10110001\n'),
      ]),
      { mode: 0o755 },
    );
    await writeFile(path.join(dist, 'LICENSE'), 'MIT');
    await writeFile(path.join(dist, 'version'), '45.4.1');
    const run = (script: string, args: string[]) =>
      execFileSync(process.execPath, [path.join(root, 'node_modules', script), ...args], { cwd: root, stdio: 'pipe' });
    run('electron-vite/bin/electron-vite.js', ['build']);
    const output = path.join(work, 'out');
    run('electron-builder/cli.js', [
      '--linux',
      'dir',
      `-c.electronDist=${dist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
    ]);
    unpacked = path.join(output, 'linux-unpacked');
  }, 300_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('flips the security fuses', async () => {
    const wire = await getCurrentFuseWire(path.join(unpacked, 'deskpilot'));
    const on = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] as number) === '1';
    expect(on(FuseV1Options.RunAsNode)).toBe(false);
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(false);
  });

  it('packs the built app, its icons and production dependencies into app.asar, native addons unpacked', () => {
    const files = listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((f) =>
      f.split(path.sep).join('/'),
    );
    for (const file of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/workers/fsSearchWorker.js',
      '/node_modules/tinyglobby/package.json',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/resources/icon.png',
      '/resources/tray/tray-waiting@2x.png',
      '/node_modules/zod/package.json',
    ]) {
      expect(files).toContain(file);
    }
    expect(
      files.filter(
        (f) =>
          /^\/(main|preload|renderer|plugins|test|scripts)\//.test(f) ||
          (f.endsWith('.ts') && !f.startsWith('/node_modules/')),
      ),
    ).toEqual([]);
    expect(files.some((f) => f.startsWith('/node_modules/vitest/') || f.startsWith('/node_modules/electron/'))).toBe(
      false,
    );
    expect(
      existsSync(path.join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', 'keytar', 'build', 'Release')),
    ).toBe(true);
  });
});
