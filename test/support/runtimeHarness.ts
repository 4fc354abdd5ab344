// Test harness: a real runtime on a temp DESKPILOT_HOME, pointed at the fake model server.
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PendingApproval } from '../../preload/contract/approvals';
import type { AgentEvent } from '../../preload/contract/events';
import { createRuntime, type PluginEntry, type Runtime, type RuntimeOptions } from '../../main/core/runtime';
import { createLogger } from '../../main/core/util/log';
import { startFakeModelServer, type FakeModelServer } from './fakeModelServer';
import { writeTestSettings } from './testHome';

/** A runtime under test with its model server, collected events and cleanup. */
export interface Harness {
  home: string;
  server: FakeModelServer;
  runtime: Runtime;
  events: AgentEvent[];
  env: NodeJS.ProcessEnv;
  /** Resolves with the first event matching `predicate` (past or future), rejecting after `timeoutMs`. */
  waitFor(predicate: (e: AgentEvent) => boolean, timeoutMs?: number): Promise<AgentEvent>;
  /** Starts a fresh runtime on the same home (after `runtime.close()`). */
  restart(): Promise<Runtime>;
  close(): Promise<void>;
}

/** Options: initial settings.json content, plugins, a ready home to reuse, and environment overrides. */
export interface HarnessOptions {
  settings?: Record<string, unknown>;
  plugins?: PluginEntry[];
  home?: string;
  /** Environment overrides for the runtime (`undefined` removes a variable, e.g. `OPENAI_API_KEY`). */
  env?: Record<string, string | undefined>;
  /** Further runtime options (e.g. `scheduler: {fire: true}`, notification hooks). */
  runtime?: Partial<RuntimeOptions>;
}

/** Creates a temp home with settings, a fake model server, and a runtime using the file credential backend. */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'deskpilot-test-')));
  await mkdir(home, { recursive: true });
  const server = await startFakeModelServer();
  // Tests of other concerns write into the home and temp dirs: no sandbox unless a test asks for one.
  await writeTestSettings(home, { sandbox: 'full-access', ...options.settings });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DESKPILOT_HOME: home,
    OPENAI_API_KEY: 'sk-test-key-123456',
    OPENAI_BASE_URL: server.url,
    // No Codex CLI login unless a test writes one (never the user's ~/.codex).
    CODEX_HOME: path.join(home, 'codex'),
    ...options.env,
  };
  for (const [key, value] of Object.entries(options.env ?? {})) if (value === undefined) delete env[key];
  const events: AgentEvent[] = [];
  const waiters = new Set<{ predicate: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void }>();
  const start = async () => {
    const runtime = await createRuntime({
      home,
      env,
      plugins: options.plugins ?? [],
      log: createLogger('test', { level: 'error', sink: () => {} }),
      ...options.runtime,
    });
    runtime.bus.on('agent/event', (event) => {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (!waiter.predicate(event)) continue;
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    });
    return runtime;
  };
  const harness: Harness = {
    home,
    server,
    runtime: await start(),
    events,
    env,
    waitFor(predicate, timeoutMs = 10_000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          if (waiters.delete(waiter))
            reject(new Error(`No matching event within ${timeoutMs} ms; saw: ${events.map((e) => e.type).join(', ')}`));
        }, timeoutMs);
        const waiter = {
          predicate,
          resolve: (event: AgentEvent) => {
            clearTimeout(timer);
            resolve(event);
          },
        };
        waiters.add(waiter);
      });
    },
    async restart() {
      harness.runtime = await start();
      return harness.runtime;
    },
    async close() {
      await harness.runtime.close().catch(() => undefined);
      await server.close();
      if (!options.home) await rm(home, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * Answers every approval `harness` asks from now on with "allow once", as a user clicking Allow would, and returns
 * the list they are recorded in (in request order).
 */
export function allowEveryApproval(harness: Harness): PendingApproval[] {
  const approvals: PendingApproval[] = [];
  harness.runtime.bus.on('approval/requested', (pending) => {
    approvals.push(pending);
    harness.runtime.approvals.decide(pending.callId, { type: 'allow_once' });
  });
  return approvals;
}
