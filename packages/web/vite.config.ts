import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundleBudget } from './build/bundle-budget.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react(), bundleBudget({ maxGzipKb: 250 })],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2023',
  },
  server: {
    port: 5173,
    // The API lives on the Comity server; same-origin in production, proxied in development so the
    // session cookie and CSRF header work unchanged.
    proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } },
  },
  preview: { proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } } },
});
