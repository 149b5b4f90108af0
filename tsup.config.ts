import { defineConfig } from 'tsup';

// One bundle per module format; dependencies and optional peers stay external so that
// an application shares the single @tensorflow/tfjs-core instance its backends register with.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  shims: true,
  splitting: false,
  treeshake: true,
  external: [/^@tensorflow\//, /^@duckdb\//, 'zod', /^node:/],
});
