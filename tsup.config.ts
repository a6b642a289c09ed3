import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: false, // `npm run build` cleans; the test set-up rebuilds in place so parallel runs never see dist/ vanish
  sourcemap: true,
  target: 'node20',
  splitting: false,
  treeshake: true,
});
