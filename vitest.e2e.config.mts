import { defineConfig } from 'vitest/config';

// End-to-end suites that drive real clients (pre-commit, Neovim, VS Code) against the built
// bundles in dist/. Run `npm run build` first and `bash test/e2e/setup.sh` once (as root) so the
// clients are installed. The machine has 2 cores and each suite starts heavy processes, so files
// run one after another.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    fileParallelism: false,
    maxConcurrency: 1,
  },
});
