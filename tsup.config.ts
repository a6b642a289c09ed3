import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', cloudwatch: 'src/cloudwatch.ts', prometheus: 'src/prometheus.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // An optional peer dependency: `canary-judge/cloudwatch` imports it, nothing else does.
    external: ['@aws-sdk/client-cloudwatch'],
    clean: false, // `npm run build` cleans; the test set-up rebuilds in place so parallel runs never see dist/ vanish
    sourcemap: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
  },
  {
    // The `canary-judge` executable, CommonJS (dist/cli/main.cjs): node starts it without its ES
    // module loader, and its `require`s of node's own modules build no ES module facades
    // (src/cli/bin.ts). Its commands and renderers are split into chunks beside it (dist/cli/*.cjs)
    // loaded on demand, so start-up reads only what the command in use needs: tsup splits CommonJS
    // output (an ES module build, converted), and `import()` is compiled to a `require` made in a
    // chunk, which is why every file of the CLI sits in the one directory.
    // `route-worker` is the server's worker-thread entry (piscina loads it by file name).
    entry: { 'cli/main': 'src/cli/bin.ts', 'cli/route-worker': 'src/server/route-worker.ts' },
    format: ['cjs'],
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    // import.meta.url (the server finds its worker file beside its own code) from __filename.
    shims: true,
    // Dependencies are bundled (tree-shaken) into the executable: loading one file is faster than
    // resolving packages at every start. Optional peers (the AWS SDK) stay external, and so does
    // piscina, which starts workers from its own files.
    noExternal: [/^(?!@aws-sdk\/|piscina$)/],
    // Whitespace and syntax minified: a quarter less code for node to read and parse at every start.
    // Names are kept, so a --debug stack trace still reads (dist/cli/*.map maps it to the source).
    minifyWhitespace: true,
    minifySyntax: true,
    esbuildOptions(options) {
      options.chunkNames = 'cli/[name]-[hash]';
      options.supported = { ...options.supported, 'dynamic-import': false };
    },
  },
]);
