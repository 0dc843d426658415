import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Served by the service at /admin/runners (GitLab's path), so every asset URL starts there.
export default defineConfig({
  root: here('.'),
  base: '/admin/runners/',
  plugins: [preact()],
  logLevel: 'warn',
  build: {
    outDir: here('../../dist/fleet-console'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 200,
  },
});
