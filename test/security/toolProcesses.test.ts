// Hardening (issue 8 #8, #9): a tool call is journaled as started before it runs, so after a kill -9 its output says
// "started, outcome unknown" (never "not run") and its orphaned process group is killed at the next start; SIGHUP to
// `deskpilot serve` leaves no tool processes (`cmd &` children included). Real processes, real signals.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBridge } from '../../main/core/bridge/client';
import type { RuntimeClient } from '../../main/core/api/client';
import { scripted, startFakeModelServer, type FakeModelServer } from '../support/fakeModelServer';
import { startServeProcess, type ServeProcess } from '../support/serveProcess';

/** Two serve starts and a tool run on a loaded 2-core machine. */
const TEST_MS = 300_000;
const STEP_MS = 60_000;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * True while process group `pgid` has a live member: a process in /proc with that group that is not a zombie (killed
 * processes stay zombies here until their parent, PID 1 in this container, reaps them). Linux only, as is the attack.
 */
function groupAlive(pgid: number): boolean {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command (in parentheses): state, ppid, pgrp.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}

/** Polls `check` every 50 ms until it holds, failing with `what` after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = STEP_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function setUp(): Promise<{ server: FakeModelServer; home: string; env: NodeJS.ProcessEnv }> {
  const server = await startFakeModelServer();
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-sec-procs-'));
  cleanups.push(
    () => server.close(),
    () => rm(home, { recursive: true, force: true }),
  );
  await writeFile(
    path.join(home, 'settings.json'),
    JSON.stringify({ credentialBackend: 'file', model: 'gpt-test', reasoningEffort: 'none', sandbox: 'full-access' }),
  );
  return { server, home, env: { OPENAI_API_KEY: 'sk-test-sec-procs-0000', OPENAI_BASE_URL: server.url, HOME: home } };
}

/** Starts serve, connects, sends a prompt whose bash call (allowed once) writes its pid and a marker, then hangs. */
async function startHangingCall(home: string, env: NodeJS.ProcessEnv, server: FakeModelServer) {
  const pidFile = path.join(home, 'tool.pid');
  const marker = path.join(home, 'marker.log');
  // `$$` is the tool's bash, the leader of its process group; `sleep &` is a background child in the same group.
  const command = `echo $$ > ${pidFile}; echo started >> ${marker}; sleep 300 & sleep 300`;
  server.enqueue(scripted.toolCalls({ name: 'bash', arguments: { command }, callId: 'call_hang' }));
  const serve: ServeProcess = await startServeProcess([], { home, env });
  cleanups.push(() => serve.stop());
  const client: RuntimeClient | null = await connectBridge(home, 10_000);
  if (!client) throw new Error('could not connect to serve');
  cleanups.push(() => client.close());
  const sent = await client.invoke('chat/send', { sessionId: null, text: 'run it', attachments: [] });
  await until(async () => (await client.invoke('approval/list', {})).length === 1, 'the approval is pending');
  await client.invoke('approval/decide', {
    callId: 'call_hang',
    sessionId: sent.sessionId!,
    decision: { type: 'allow_once' },
  });
  let pgid = 0;
  await until(async () => {
    pgid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    return pgid > 0 && (await readFile(marker, 'utf8').catch(() => '')) === 'started\n';
  }, 'the tool wrote its pid and marker');
  cleanups.push(() => {
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  });
  return { serve, client, sessionId: sent.sessionId!, pgid, marker };
}

describe('crash during a tool call (issue 8 #8)', () => {
  it(
    'kill -9 of serve while a call runs: next start records "started, outcome unknown" and kills the orphan group',
    async () => {
      const { server, home, env } = await setUp();
      const { serve, client, sessionId, pgid, marker } = await startHangingCall(home, env, server);
      expect(groupAlive(pgid)).toBe(true);
      // The call and its process group are journaled (the group right after the spawn, with its start identity).
      const journalPath = path.join(home, 'runtime', 'running-calls.json');
      await until(
        async () => JSON.parse(await readFile(journalPath, 'utf8')).calls[0]?.groups[0]?.pid === pgid,
        'the process group is journaled',
      );
      expect(JSON.parse(await readFile(journalPath, 'utf8')).calls).toMatchObject([
        { callId: 'call_hang', tool: 'bash', groups: [{ pid: pgid, start: expect.any(String) }] },
      ]);
      await client.close();
      serve.child.kill('SIGKILL');
      await until(() => !serve.alive(), 'serve died');
      // The crash leaves the tool's processes behind: that is the attack's starting point.
      expect(groupAlive(pgid)).toBe(true);

      const again = await startServeProcess([], { home, env });
      cleanups.push(() => again.stop());
      expect(groupAlive(pgid)).toBe(false);
      const inbox = await connectBridge(home, 10_000);
      if (!inbox) throw new Error('could not connect to the restarted serve');
      cleanups.push(() => inbox.close());
      const detail = await inbox.invoke('session/get', { sessionId });
      const outputs = detail.entries.filter((e) => e.item.type === 'function_call_output');
      expect(outputs).toHaveLength(1);
      expect(outputs[0].item).toMatchObject({
        call_id: 'call_hang',
        output: expect.stringMatching(/^started, outcome unknown/),
      });
      expect(JSON.stringify(outputs[0].item)).not.toMatch(/not run/);
      expect(await readFile(marker, 'utf8')).toBe('started\n');
      const after = JSON.parse(await readFile(journalPath, 'utf8'));
      expect(after.calls).toEqual([]);
    },
    TEST_MS,
  );
});

describe('signals leave no tool processes (issue 8 #9)', () => {
  it(
    'SIGHUP to serve while a call runs (with a `cmd &` child): serve exits and the whole process group is gone',
    async () => {
      const { server, home, env } = await setUp();
      const { serve, pgid } = await startHangingCall(home, env, server);
      expect(groupAlive(pgid)).toBe(true);
      serve.child.kill('SIGHUP');
      await until(() => !serve.alive(), 'serve exited after SIGHUP');
      expect(serve.child.exitCode).toBe(0);
      expect(groupAlive(pgid)).toBe(false);
    },
    TEST_MS,
  );

  for (const signal of ['SIGHUP', 'SIGTERM'] as const) {
    it(
      `${signal} to \`deskpilot run\` while a call runs (closing the terminal): the CLI exits and the group is gone`,
      async () => {
        const { server, home, env } = await setUp();
        const pidFile = path.join(home, 'tool.pid');
        const command = `echo $$ > ${pidFile}; sleep 300 & sleep 300`;
        server.enqueue(scripted.toolCalls({ name: 'bash', arguments: { command }, callId: 'call_run' }));
        const cli = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(__dirname, '..', 'support', 'cliRunner.ts'), 'run', '--approve', 'allow', 'go'],
          { env: { ...process.env, ...env, DESKPILOT_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
        cleanups.push(() => {
          if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
        });
        let pgid = 0;
        await until(async () => {
          pgid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
          return pgid > 0 && groupAlive(pgid);
        }, 'the tool wrote its pid');
        cleanups.push(() => {
          if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
        });
        cli.kill(signal);
        await exited;
        await until(() => !groupAlive(pgid), `the tool's process group is gone after ${signal}`, 10_000);
      },
      TEST_MS,
    );
  }
});
