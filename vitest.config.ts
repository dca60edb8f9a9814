import { defineConfig } from 'vitest/config';

// Serial I/O must stay on the main thread: @serialport/bindings-cpp aborts the
// process when a port reads inside a worker thread, hence pool 'forks'.
// Three forks on two cores: most test files wait on paced lines, FTP servers and
// timers rather than compute, so an extra fork fills the idle time (the whole
// suite went from about 10 minutes to 3–4 on a 2-core machine). Four ran as fast
// but once loaded the machine enough for a fault-matrix cell to fail.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    pool: 'forks',
    maxWorkers: 3,
    include: ['packages/*/test/**/*.test.ts', 'examples/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
