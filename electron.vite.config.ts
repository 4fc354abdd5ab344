// electron-vite build of the desktop app for our top-level layout: main/ -> out/main, preload/ -> out/preload, renderer/ -> out/renderer.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import renderer from './vite.renderer.config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // ESM (package.json "type": "module"); every npm dependency stays external (keytar and @lancedb/lancedb are native).
  main: {
    build: {
      outDir: `${root}out/main`,
      externalizeDeps: true,
      rolldownOptions: {
        // Worker threads need their own entry: runWorker.ts finds it beside index.js as workers/<name>.js.
        input: {
          index: `${root}main/index.ts`,
          'workers/fsSearchWorker': `${root}main/core/tools/workers/fsSearchWorker.ts`,
          'workers/documentWorker': `${root}main/core/tools/workers/documentWorker.ts`,
          'workers/desktopWorker': `${root}plugins/desktop/worker.ts`,
        },
        external: ['keytar', '@lancedb/lancedb', /^@lancedb\/lancedb-/, 'apache-arrow'],
      },
    },
  },
  // A sandboxed preload must be one CommonJS file with no imports but electron: everything else is bundled in.
  preload: {
    build: {
      outDir: `${root}out/preload`,
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: `${root}preload/index.ts` },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  // Same settings as web mode (vite.renderer.config.ts), so the bridge and app:// serve the same out/renderer.
  renderer: {
    ...renderer,
    build: {
      ...renderer.build,
      minify: true,
      rolldownOptions: { input: { index: `${root}renderer/index.html` } },
    },
  },
});
