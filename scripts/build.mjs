// Bundles the CLI (and, later, the server and the VS Code client) with esbuild.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.env.ENCRYPTION_LINT_DEV !== '1',
  logLevel: 'warning',
  // jsonc-parser's "main" is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  define: { __TOOL_VERSION__: JSON.stringify(pkg.version) },
};

await build({ ...common, entryPoints: { cli: 'server/src/cli/entry.ts', server: 'server/src/lsp/main.ts' }, outdir: 'dist' });
await build({ ...common, entryPoints: { engine: 'test/bench/engine-entry.ts' }, outdir: 'dist/bench' });
await build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist/client', external: ['vscode'] });
