import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built once and served unchanged by Electron (file) and the browser host (HTTP).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
