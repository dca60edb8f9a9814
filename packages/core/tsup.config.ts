import { defineConfig } from 'tsup';

export default defineConfig({
  // The testing kit is its own entry (`@cellftp/core/testing`): production bundles never pull it in.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
