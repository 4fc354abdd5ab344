// `deskpilot wakeups …` and `deskpilot digest` through the CLI's main() on a temp home with the fake model server.
import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../main/cli';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { createTestHome } from '../../support/testHome';

let server: FakeModelServer;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startFakeModelServer();
  ({ home, env } = await createTestHome({ prefix: 'deskpilot-cli-wakeups-', serverUrl: server.url }));
});
afterAll(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const io = {
    // Cast: a PassThrough stands in for the process streams; the CLI only reads and writes them.
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    stdout,
    // Cast: as above, the CLI only writes to stderr.
    stderr: stderr as unknown as NodeJS.WriteStream,
  };
  const code = await main(argv, { io, env });
  return { code, stdout: out, stderr: err };
}

describe('deskpilot wakeups', () => {
  it('add --test runs once now, list/show/next/pause/resume/run/cancel work, digest summarizes', async () => {
    server.enqueue(scripted.text('Inbox has 3 new files.'));
    const added = await cli(
      'wakeups',
      'add',
      '--cron',
      '0 8 * * 1-5',
      '--tz',
      'Europe/Berlin',
      '--prompt',
      'summarize ~/Inbox',
      '--title',
      'Inbox',
      '--allow',
      'read_file:/tmp',
      '--test',
    );
    expect(added.stderr).not.toMatch(/error|invalid/i);
    expect(added.code).toBe(0);
    const id = /Created (wk_[a-z0-9]+)/.exec(added.stdout)![1];
    // The next five times, as wall-clock times in the system zone (named once).
    expect(added.stdout).toMatch(/Next \([\w/+-]+\): (\d{4}-\d\d-\d\d \d\d:\d\d, ){4}\d{4}-\d\d-\d\d \d\d:\d\d\n/);
    expect(added.stdout).toMatch(/Test run: .* succeeded .*Inbox has 3 new files\./);

    const list = await cli('wakeups', 'list');
    expect(list.stdout).toMatch(
      new RegExp(`${id}  next .*cron "0 8 \\* \\* 1-5" Europe/Berlin\\s+Inbox  last: succeeded`),
    );
    const json = JSON.parse((await cli('wakeups', 'list', '--json')).stdout);
    expect(json[0].envelope.grants).toEqual([{ tool: 'read_file', paths: ['/tmp'] }]);

    const next = await cli('wakeups', 'next', id);
    expect(next.stdout.trim().split('\n')).toHaveLength(6);
    expect(next.stdout).toMatch(/^Times in [\w/+-]+:\n(\d{4}-\d\d-\d\d \d\d:\d\d\n){5}$/);
    expect((await cli('wakeups', 'pause', id)).stdout).toBe(`Paused ${id}.\n`);
    expect((await cli('wakeups', 'resume', id)).stdout).toMatch(/^Resumed wk_.*; next run 20\d\d-/);

    server.enqueue(scripted.text('[nothing to report]'));
    const run = await cli('wakeups', 'run', id);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/quiet/);

    const show = await cli('wakeups', 'show', id);
    expect(show.stdout).toMatch(/envelope: read-only tools, read_file:\/tmp; budget 50 calls/);
    expect(show.stdout).toMatch(/Receipts \(newest first\):\n {2}.*quiet.*\n {2}.*succeeded/);

    const digest = await cli('digest', '--since', '2000-01-01T00:00:00Z');
    expect(digest.stdout).toMatch(/While you were away/);
    expect(digest.stdout).toMatch(/Inbox: done — .*Inbox has 3 new files\./);
    expect(digest.stdout).toMatch(/Inbox: nothing to report/);

    expect((await cli('wakeups', 'cancel', id)).stdout).toBe(`Deleted ${id}.\n`);
    expect((await cli('wakeups', 'list')).stdout).toMatch(/No wakeups/);
  }, 120_000);

  it('bad input exits with a clear error and an example', async () => {
    const bad = await cli('wakeups', 'add', '--cron', '0 25 * * *', '--prompt', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a valid cron expression.*Example: "0 8 \* \* 1-5"/);
    const past = await cli('wakeups', 'add', '--at', '2001-01-01T08:00', '--tz', 'UTC', '--prompt', 'x');
    expect(past.stderr).toMatch(/is in the past.*--in 1h/);
    const missing = await cli('wakeups', 'show', 'wk_nothere');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No wakeup wk_nothere/);
  }, 120_000);
});
