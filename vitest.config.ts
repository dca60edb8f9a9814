import { defineConfig } from 'vitest/config';

// Serial I/O must stay on the main thread: @serialport/bindings-cpp aborts the
// process when a port reads inside a worker thread, hence pool 'forks'.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    pool: 'forks',
    include: ['packages/*/test/**/*.test.ts', 'examples/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
