// Bundles the CLI (main/cli.ts and everything it imports) into out/cli/cli.mjs with esbuild; npm packages stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['main/cli.ts'],
  outfile: 'out/cli/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  // import.meta.url-relative reads (package.json) resolve from out/cli/, two levels below the root like main/core/.
});
