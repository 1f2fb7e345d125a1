import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const blocking = fileURLToPath(
  new URL('./node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs', import.meta.url),
);

export default defineConfig({
  plugins: [svelte()],
  resolve: { alias: { 'duckdb-blocking': blocking } },
  // The package's own `/blocking` export points browsers at a missing file (STACK-NOTES.md).
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm', 'duckdb-blocking', 'parquet-wasm'] },
  worker: {
    format: 'es',
    rolldownOptions: { checks: { eval: false } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: { checks: { eval: false } },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
