// Bundles the CLI (main/cli.ts and everything it imports) into out/cli/ with esbuild.
//
// Start-up is what users feel at a terminal, so the build bundles npm packages too (one parse instead of hundreds of
// ESM module loads) and splits code at every `await import()`: `deskpilot --version` loads cli.mjs and commander,
// and the runtime, the openai SDK and the memory store load only for the commands that use them. Chunks are written
// beside cli.mjs (out/cli/*.mjs), so import.meta.url-relative lookups (packageRoot, runWorker's workers/ folder)
// resolve the same from every chunk.
//
// Packages stay external when they cannot be bundled: native addons (keytar, LanceDB, nut-js), packages that read
// their own files at run time (wasm, browsers, workers: web-tree-sitter, tree-sitter-bash, playwright-core, unpdf,
// officeparser, …) and packages that must share one instance with an external one (apache-arrow with LanceDB).
// A new dependency of that kind goes in EXTERNAL; everything else is bundled.
//
// Worker threads need their own entry files: each is bundled to out/cli/workers/<name>.mjs, which
// main/core/tools/workers/runWorker.ts finds beside the CLI bundle.
// The bash grammar and web-tree-sitter's runtime (WASM) are copied beside the bundle (and so beside every chunk),
// where main/core/approvals/shellParse.ts looks first.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

/** Packages (and their subpaths) kept as runtime imports from node_modules. */
const EXTERNAL = [
  'keytar',
  '@lancedb/lancedb',
  'apache-arrow',
  '@nut-tree-fork/nut-js',
  'playwright-core',
  'web-tree-sitter',
  'tree-sitter-bash',
  'unpdf',
  'mammoth',
  'exceljs',
  'officeparser',
  'electron',
  'esbuild',
  // ws's optional native speed-ups, loaded with require() inside try/catch.
  'bufferutil',
  'utf-8-validate',
];

// Chunk names carry a content hash: drop the previous build's chunks so out/cli holds only what cli.mjs imports.
mkdirSync('out/cli', { recursive: true });
for (const name of readdirSync('out/cli')) if (name.startsWith('lazy-')) rmSync(`out/cli/${name}`);

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  // Bundled CommonJS packages call require() for Node built-ins; an ES module has no require of its own.
  banner: {
    js: "import { createRequire as __dpCreateRequire } from 'node:module'; const require = __dpCreateRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { cli: 'main/cli.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'lazy-[name]-[hash]',
});

await build({
  ...common,
  entryPoints: {
    'workers/fsSearchWorker': 'main/core/tools/workers/fsSearchWorker.ts',
    'workers/documentWorker': 'main/core/tools/workers/documentWorker.ts',
    // The desktop plugin's native worker is a child process (plugins/desktop/client.ts finds it here).
    'workers/desktopWorker': 'plugins/desktop/worker.ts',
  },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
});

const require = createRequire(import.meta.url);
mkdirSync('out/cli', { recursive: true });
for (const file of ['tree-sitter-bash/tree-sitter-bash.wasm', 'web-tree-sitter/web-tree-sitter.wasm']) {
  copyFileSync(require.resolve(file), `out/cli/${file.split('/')[1]}`);
}
