import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The console's build: `npm run build:console` writes `console/dist`, which the orchestrator serves at `/`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Everything is served by the orchestrator itself: no CDN, no inlined remote assets.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    // The first load's budget (300 KB of gzipped JavaScript) is checked by bench/console-bundle.ts.
    chunkSizeWarningLimit: 800,
  },
});
