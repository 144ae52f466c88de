// Drives the extension-host suite (extension-host/index.ts) in code-server: the `runTests`
// equivalent. The workbench is opened with an extension development path and a tests path in its
// `payload`; VS Code runs the tests in the (remote) extension host and reports the exit code to
// the page's `codeAutomationExit`. Needs `npm run build` and test/e2e/setup.sh.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  copyToScratch,
  launchBrowser,
  requirePrerequisites,
  skipWithoutPrerequisites,
  REPO_ROOT,
  saveFailureReport,
  scratchDir,
  startCodeServer,
  until,
  type Browser,
  type CodeServer,
} from './harness';

const HERE = dirname(new URL(import.meta.url).pathname);
const WORKSPACE = join(HERE, 'workspace');
/** The quick-fix template, added to the suite's workspace for its code action step. */
const QUICK_FIX_TEMPLATE = join(HERE, 'quick-fix-workspace/bucket.cfn.yaml');

/**
 * A scratch copy of the extension as it ships (the manifest's `files`), so the suite's bundle goes
 * into <copy>/dist/test/ and never into the repository's dist/.
 */
function copyExtension(): string {
  for (const built of ['dist/client/extension.js', 'dist/server.js']) {
    if (!existsSync(join(REPO_ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  }
  const target = join(scratchDir('vscode-extension'), 'extension');
  mkdirSync(target, { recursive: true });
  for (const entry of ['package.json', 'README.md', 'LICENSE', 'bin', 'syntaxes', 'rules']) {
    if (existsSync(join(REPO_ROOT, entry))) cpSync(join(REPO_ROOT, entry), join(target, entry), { recursive: true, filter: (path) => !/\/rules\/.+\.ts$/.test(path) });
  }
  // dist/ minus what does not ship (benchmark bundle, packages, a suite built by hand).
  cpSync(join(REPO_ROOT, 'dist'), join(target, 'dist'), {
    recursive: true,
    filter: (path) => !/\/dist\/(bench|test)(\/|$)|\.vsix$/.test(path),
  });
  execFileSync(process.execPath, [join(HERE, 'build-tests.mjs'), join(target, 'dist/test/index.js')], { stdio: 'inherit' });
  return target;
}

interface Exit {
  code: number;
  logs: Array<{ relativePath: string; contents: string }>;
}

describe.skipIf(skipWithoutPrerequisites())('VS Code extension host (code-server): the vscode API against the extension', () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const scratch: string[] = [];

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('runs extension-host/index.ts in the extension host and exits 0', async ({ onTestFailed }) => {
    onTestFailed(async () => saveFailureReport('vscode-extension-host', server, browser));
    requirePrerequisites();
    const workspace = copyToScratch(WORKSPACE, 'vscode-exthost');
    cpSync(QUICK_FIX_TEMPLATE, join(workspace, basename(QUICK_FIX_TEMPLATE)));
    const extension = copyExtension();
    scratch.push(dirname(workspace), dirname(extension));
    const progressLog = join(dirname(extension), 'extension-host-tests.log');

    server = await startCodeServer({ workspace, env: { ENCRYPTION_LINT_E2E_LOG: progressLog } });
    browser = await launchBrowser();
    const page = browser.page;
    let exit: Exit | undefined;
    const automationLog: string[] = [];
    await page.exposeFunction('codeAutomationExit', (code: number, logs: Exit['logs'] = []) => {
      exit = { code, logs };
    });
    await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
      automationLog.push(`[${level}] ${typeof message === 'string' ? message : JSON.stringify(message)}`);
    });

    const remote = `vscode-remote://127.0.0.1:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', `${remote}${extension}`],
      ['extensionTestsPath', `${remote}${extension}/dist/test/index.js`],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    const result = await until('the extension host to finish the tests (codeAutomationExit)', () => exit, { timeoutMs: 150_000, intervalMs: 200 });
    const progress = existsSync(progressLog) ? readFileSync(progressLog, 'utf8') : '(the suite wrote no progress: did it load?)';
    if (result.code !== 0) {
      const extensionHostLogs = result.logs
        .filter((file) => /exthost|remoteexthost|encryption-lint/i.test(file.relativePath))
        .map((file) => `--- ${file.relativePath}\n${file.contents}`)
        .join('\n');
      console.error(
        [
          `extension host exited with ${result.code}`,
          `=== suite progress\n${progress}`,
          `=== extension host logs\n${extensionHostLogs}`,
          `=== workbench log\n${automationLog.join('\n')}`,
          `=== browser console\n${browser.console.join('\n')}`,
          `=== code-server output\n${server.output()}`,
        ].join('\n\n'),
      );
    }
    expect(result.code).toBe(0);
    // Every step ran and passed (a suite that silently did nothing would also exit 0).
    expect(progress.match(/^\S+ ok {3}/gm)?.length).toBe(6);
  });
});
