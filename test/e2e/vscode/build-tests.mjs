// Bundles the extension-host suite (test/e2e/vscode/extension-host/index.ts) into one CommonJS file
// that VS Code's extension host can require as extensionTestsPath; `vscode` stays external (the
// host provides it). Usage: node test/e2e/vscode/build-tests.mjs [outfile]
// (default dist/test/index.js; extension-host.test.ts passes a path in its scratch copy of the extension).
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const outfile = resolve(process.argv[2] ?? resolve(here, '../../../dist/test/index.js'));

await build({
  entryPoints: [resolve(here, 'extension-host/index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
