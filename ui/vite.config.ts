import { defineConfig } from 'vitest/config';

// The app is served from the Tauri shell (frontendDist: ../ui/dist) with a strict
// content security policy: everything is bundled, nothing is loaded from elsewhere.
export default defineConfig(({ mode }) => ({
  base: './',
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
  build: {
    outDir: mode === 'mock' ? 'dist-mock' : 'dist',
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
  },
}));
