// Bundles the CLI (main/cli.ts and everything it imports) into out/cli/cli.mjs with esbuild; npm packages stay external.
// Worker threads need their own entry files: each is bundled to out/cli/workers/<name>.mjs, which
// main/core/tools/workers/runWorker.ts finds beside the CLI bundle.
// The bash grammar and web-tree-sitter's runtime (WASM) are copied beside the bundle, where
// main/core/approvals/shellParse.ts looks first.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['main/cli.ts'],
  outfile: 'out/cli/cli.mjs',
  // import.meta.url-relative reads (package.json) resolve from out/cli/, two levels below the root like main/core/.
});

await build({
  ...common,
  entryPoints: { 'workers/fsSearchWorker': 'main/core/tools/workers/fsSearchWorker.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
});

const require = createRequire(import.meta.url);
mkdirSync('out/cli', { recursive: true });
for (const file of ['tree-sitter-bash/tree-sitter-bash.wasm', 'web-tree-sitter/web-tree-sitter.wasm']) {
  copyFileSync(require.resolve(file), `out/cli/${file.split('/')[1]}`);
}
