// One script bundles every entry point: the extension host, the tuner child
// process, the CLI and the webview. `--watch` rebuilds on change,
// `--production` minifies and drops source maps.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  // The extension host: `vscode` is provided by the editor at run time.
  // The banner and footer stamp when the bundle starts and ends loading, so the
  // log (and `npm run bench:editor`) gives load and activate() apart.
  {
    ...node,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    banner: { js: '"use strict";\nvar __hyperlensLoadStart = Date.now();' },
    footer: { js: 'globalThis.__hyperlensLoaded = { start: __hyperlensLoadStart, end: Date.now() };' },
  },
  // The tuner: forked by the extension, the same loop the CLI runs.
  { ...node, entryPoints: ['src/tuner/main.ts'], outfile: 'dist/tuner.js' },
  // The trial watchdog the tuner starts: stops its trials if the tuner dies.
  { ...node, entryPoints: ['src/tuner/watchdog.ts'], outfile: 'dist/watchdog.js' },
  // The TensorFlow.js trial host (`@tune.entry` trials): loads the user's
  // module and TensorFlow.js at run time, so neither is bundled.
  { ...node, entryPoints: ['src/trialHost/main.ts'], outfile: 'dist/trialHost.js' },
  // The command-line interface behind `bin/hyperlens.js`.
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The side-panel UI, run inside the webview.
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
  },
];

async function main() {
  if (watch) {
    for (const options of builds) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    }
    console.log('esbuild: watching for changes');
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
