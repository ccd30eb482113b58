import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

const alias = { '@': fileURLToPath(new URL('./src', import.meta.url)) }

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        // Node, not a DOM: fake-indexeddb must clone ArrayBuffers the way browsers do.
        test: { name: 'db', environment: 'node', include: ['tests/db/**/*.test.ts'], setupFiles: ['fake-indexeddb/auto'] },
      },
      {
        extends: true,
        plugins: [vue()],
        test: { name: 'components', environment: 'happy-dom', include: ['tests/components/**/*.test.ts'] },
      },
      {
        extends: true,
        // Real servers, child processes and scrypt on two cores: 5 s is too tight for a loaded machine.
        test: { name: 'server', environment: 'node', include: ['tests/server/**/*.test.ts'], testTimeout: 20_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          // One browser suite at a time: two cores, and each file starts its own server.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
