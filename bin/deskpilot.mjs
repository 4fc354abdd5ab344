#!/usr/bin/env node
// The `deskpilot` executable: runs the CLI bundle built by `npm run build` (out/cli/cli.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../out/cli/cli.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('deskpilot: the CLI is not built yet. Run `npm run build` in the Deskpilot folder first.\n');
  process.exit(1);
}
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2));
