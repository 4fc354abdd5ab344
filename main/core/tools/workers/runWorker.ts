// Runs one job in a worker thread: finds the worker's entry (TypeScript source or built bundle), caps its heap,
// collects its messages, and terminates it on abort (tool timeout, interrupt) however busy it is.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Worker entry points. Each is `main/core/tools/workers/<name>.ts` in the source tree; the builds emit it beside
 * their bundle as `workers/<name>.mjs` (CLI, scripts/build-cli.mjs) or `workers/<name>.js` (Electron,
 * electron.vite.config.ts).
 */
export type WorkerName = 'fsSearchWorker' | 'documentWorker';

/** Options of {@link runWorker}. */
export interface RunWorkerOptions<M> {
  /** Aborting terminates the worker at once and rejects with the signal's reason. */
  signal: AbortSignal;
  /** Heap limits of the worker (https://nodejs.org/api/worker_threads.html#new-workerfilename-options). */
  resourceLimits: ResourceLimits;
  /** Every message the worker posts, in order; the one with `type: 'done'` ends the run. */
  onMessage: (message: M) => void;
}

/**
 * Starts worker `name` with `workerData = data` and resolves once it posts a message with `type: 'done'` (the
 * worker is then terminated). Rejects with the signal's reason on abort; with the worker's error when it throws or
 * runs out of heap (`code: 'ERR_WORKER_OUT_OF_MEMORY'`); and when it exits without `done`. The worker never outlives
 * the returned promise.
 */
export async function runWorker<M extends { type: string }>(
  name: WorkerName,
  data: unknown,
  opts: RunWorkerOptions<M>,
): Promise<void> {
  opts.signal.throwIfAborted();
  const entry = await workerEntry(name);
  opts.signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(entry, { workerData: data, resourceLimits: opts.resourceLimits });
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      opts.signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => settle(opts.signal.reason);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: M) => {
      if (settled) return;
      try {
        opts.onMessage(message);
      } catch (error) {
        return settle(error);
      }
      if (message.type === 'done') settle();
    });
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => settle(new Error(`the ${name} worker stopped unexpectedly (exit code ${code})`)));
  });
}

/** Source-mode bundles of each worker, built once per process. */
const sourceBundles = new Map<WorkerName, Promise<URL>>();

/**
 * The URL to start worker `name` from. In a built bundle: `workers/<name>.mjs` or `.js` beside it. From source
 * (vitest, tsx; this module's URL ends in `.ts`): Node cannot load TypeScript in a worker by itself, so the worker
 * source is bundled once per process with esbuild (a dev dependency) into a `data:` URL.
 * @throws when the built worker file is missing (a broken build).
 */
async function workerEntry(name: WorkerName): Promise<URL> {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    let bundle = sourceBundles.get(name);
    if (!bundle) {
      bundle = bundleFromSource(new URL(`./${name}.ts`, here));
      sourceBundles.set(name, bundle);
      bundle.catch(() => sourceBundles.delete(name));
    }
    return bundle;
  }
  for (const ext of ['mjs', 'js']) {
    const url = new URL(`./workers/${name}.${ext}`, here);
    if (existsSync(url)) return url;
  }
  throw new Error(
    `The ${name} worker is missing beside ${fileURLToPath(here)} (expected workers/${name}.mjs or .js). Rebuild Deskpilot (npm run build).`,
  );
}

/**
 * Packages left out of source-mode worker bundles (large, or reading their own files at run time; the same ones
 * scripts/build-cli.mjs keeps external). A data: URL cannot resolve bare specifiers, so each import is rewritten to
 * the file URL esbuild resolves it to (import conditions).
 */
const SOURCE_EXTERNAL = /^(unpdf|mammoth|exceljs|officeparser)(\/|$)/;

/** esbuild plugin: marks {@link SOURCE_EXTERNAL} imports external, as absolute `file:` URLs. */
const externalAsFileUrls: import('esbuild').Plugin = {
  name: 'external-as-file-urls',
  setup(build) {
    build.onResolve({ filter: SOURCE_EXTERNAL }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: pathToFileURL(resolved.path).href, external: true };
    });
  },
};

/** Bundles a TypeScript worker entry with its imports into one ES module, as a `data:` URL. */
async function bundleFromSource(entry: URL): Promise<URL> {
  // A computed specifier keeps bundlers from pulling esbuild into a build: this path only runs from source.
  const esbuildName = 'esbuild';
  const { build } = (await import(esbuildName)) as typeof import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    plugins: [externalAsFileUrls],
    // Bundled CommonJS packages call require() for Node built-ins; an ES module has no require of its own.
    banner: {
      js: `import { createRequire as __dpCreateRequire } from 'node:module'; const require = __dpCreateRequire(${JSON.stringify(entry.href)});`,
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    // A data: URL has no file path; libraries that call createRequire(import.meta.url) need one.
    define: { 'import.meta.url': JSON.stringify(entry.href) },
  });
  return new URL(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}
