// Issue 8 High #3: read_file on a single line over ~512 MB crashed the runtime (readline built one string), and a
// 300 MB line blocked the event loop for 1.3 s at 525 MB RSS. Sparse files: no real disk use.
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileTool } from '../../main/core/tools/builtins/readFile';
import { watchMainThread, type MainThreadReport } from '../support/mainThreadWatch';

const MB = 1024 * 1024;
let dir: string;

/** A sparse file of `size` bytes: 8 KB of text at the start (so it is not sniffed as binary), `tail` at the end. */
async function sparseFile(name: string, size: number, tail = ''): Promise<string> {
  const path = join(dir, name);
  const handle = await open(path, 'w');
  try {
    await handle.write(Buffer.alloc(8192, 'a'), 0, 8192, 0);
    await handle.truncate(size);
    if (tail) await handle.write(Buffer.from(tail), 0, Buffer.byteLength(tail), size - Buffer.byteLength(tail));
  } finally {
    await handle.close();
  }
  return path;
}

async function readWatched(args: Record<string, unknown>): Promise<{ out: string; report: MainThreadReport }> {
  const ctx = {
    signal: new AbortController().signal,
    sessionId: 'sess_sec',
    callId: 'call_sec',
    cwd: dir,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  };
  const watch = watchMainThread();
  const result = await readFileTool.execute(readFileTool.parameters.parse(args), ctx).finally(() => watch.stop());
  return { out: typeof result === 'string' ? result : result.output, report: watch.stop() };
}

function expectResponsive(report: MainThreadReport): void {
  const detail = JSON.stringify(report);
  expect(report.maxBlockCpuMs, `longest event-loop block in main-thread CPU ms: ${detail}`).toBeLessThan(50);
  expect(report.peakRssBytes - report.startRssBytes, `RSS growth: ${detail}`).toBeLessThan(64 * MB);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deskpilot-sec-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('read_file on huge single lines', () => {
  it('600 MB one-line file: no crash, the line is cut with a note saying how to read on', async () => {
    const path = await sparseFile('one-line-600mb.txt', 600 * MB);
    const { out, report } = await readWatched({ path });
    expectResponsive(report);
    expect(out.startsWith(`     1\t${'a'.repeat(2000)}… [line 1 cut after 2000 bytes`)).toBe(true);
    expect(out).toContain('read the rest with byteOffset=2000]');
    expect(out).toMatch(/\[stopped inside line 1, which is longer than 16\.\d MB; .*byteOffset=2000.*offset=2\.\]$/);
    expect(Buffer.byteLength(out)).toBeLessThan(4000);
  }, 120_000);

  it('600 MB one-line file: looking for line 2 scans the whole file without blocking and says it has 1 line', async () => {
    const path = join(dir, 'one-line-600mb.txt');
    const watch = watchMainThread();
    await expect(
      readFileTool.execute(readFileTool.parameters.parse({ path, offset: 2 }), {
        signal: new AbortController().signal,
        sessionId: 's',
        callId: 'c',
        cwd: dir,
        log: { debug() {}, info() {}, warn() {}, error() {} },
      }),
    ).rejects.toThrow(/has only 1 lines; offset 2 is past the end/);
    expectResponsive(watch.stop());
  }, 120_000);

  it('600 MB one-line file: byteOffset reads from deep inside the line', async () => {
    const path = join(dir, 'one-line-600mb.txt');
    const { out, report } = await readWatched({ path, byteOffset: 8190, byteLimit: 4 });
    expectResponsive(report);
    expect(out).toBe(`aa\0\0\n[bytes 8190-8193 of ${600 * MB}; call read_file with byteOffset=8194 to continue.]`);
  }, 120_000);

  it('300 MB line followed by a short one: offset=2 finds it, bounded and responsive', async () => {
    const path = await sparseFile('line-300mb.txt', 300 * MB, '\nthe second line\n');
    const { out, report } = await readWatched({ path, offset: 2 });
    expectResponsive(report);
    expect(out).toBe('     2\tthe second line');
    const first = await readWatched({ path, limit: 1 });
    expectResponsive(first.report);
    expect(first.out).toMatch(/^ {5}1\ta{2000}… \[line 1 cut after 2000 bytes \(the line is longer than that\)/);
  }, 120_000);
});
