// Vite config for the renderer: builds renderer/ into out/renderer (relative base, for web mode and the Electron app:// build).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const rootDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dev server's React refresh preamble is an inline script, which the strict CSP in index.html blocks.
 * This plugin drops the CSP meta tag while serving only; builds keep it untouched.
 */
function devCspRelax(): Plugin {
  return {
    name: 'deskpilot-dev-csp-relax',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, ''),
  };
}

export default defineConfig({
  root: `${rootDir}renderer`,
  base: './',
  plugins: [react(), devCspRelax()],
  build: {
    outDir: `${rootDir}out/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 900,
  },
});
