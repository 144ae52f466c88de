// Drives a real VS Code: code-server 4.100.3 (installed by test/e2e/setup.sh into .e2e/code-server)
// in Debian's Chromium through playwright-core. Every wait polls with a deadline; nothing sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { inflateRawSync } from 'node:zlib';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_BIN = join(REPO_ROOT, '.e2e/code-server/node_modules/.bin/code-server');
export const CHROMIUM_BIN = process.env.ENCRYPTION_LINT_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, '.e2e/screenshots');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * User settings that take chance out of the UI: no welcome page or walkthroughs stealing focus, no
 * suggestion widget that Enter could accept while a test types, no auto-save racing an edit.
 */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
};

export const VSIX = join(REPO_ROOT, 'dist/encryption-lint.vsix');

/** The bytes of one entry of a zip file (a .vsix is one), read through its central directory. */
export function zipEntry(zipPath: string, name: string): Buffer | undefined {
  const zip = readFileSync(zipPath);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${zipPath} is not a zip file`);
  let at = zip.readUInt32LE(end + 16);
  for (let index = zip.readUInt16LE(end + 10); index > 0; index--) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const local = zip.readUInt32LE(at + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressedSize);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    }
    at += 46 + skip;
  }
  return undefined;
}

/** Why dist/encryption-lint.vsix is not the current build, or undefined when it is. */
function staleVsix(): string | undefined {
  if (!existsSync(VSIX)) return `${VSIX} is missing`;
  for (const bundle of ['dist/client/extension.js', 'dist/server.js']) {
    const path = join(REPO_ROOT, bundle);
    const packaged = zipEntry(VSIX, `extension/${bundle}`);
    if (!packaged) return `${VSIX} has no ${bundle}`;
    if (!existsSync(path) || !packaged.equals(readFileSync(path))) return `${VSIX} holds another build of ${bundle} than dist/`;
  }
  return undefined;
}

/**
 * The extension as users get it: ENCRYPTION_LINT_E2E_VSIX when set, else dist/encryption-lint.vsix,
 * made by `npm run package` (build + vsce) here when it is missing or its bundles differ from
 * dist/'s, so a stale package is never what gets tested. A rebuild that changed nothing keeps it:
 * esbuild's output is deterministic.
 */
export async function extensionVsix(): Promise<string> {
  const given = process.env.ENCRYPTION_LINT_E2E_VSIX;
  if (given) return resolve(given);
  const stale = staleVsix();
  if (stale) {
    console.warn(`[e2e] ${stale}: running npm run package`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packaged = await run(npm, ['run', 'package'], process.env, 180_000, REPO_ROOT);
    if (packaged.code !== 0) throw new Error(`npm run package failed (exit ${packaged.code}):\n${packaged.output}`);
    const still = staleVsix();
    if (still) throw new Error(`${still} even after npm run package`);
  }
  return VSIX;
}

/** Why the VS Code suites cannot run here, or undefined when they can. */
export function missingPrerequisite(): string | undefined {
  if (!existsSync(CODE_SERVER_BIN)) return `code-server ${CODE_SERVER_VERSION} is not installed (${CODE_SERVER_BIN}); run: bash test/e2e/setup.sh`;
  if (!existsSync(CHROMIUM_BIN)) return `Chromium is not installed (${CHROMIUM_BIN}); run: bash test/e2e/setup.sh`;
  return undefined;
}

/**
 * For `describe.skipIf`: a developer without code-server or Chromium skips the VS Code suites; CI
 * (CI=true) never does — there a missing install fails in requirePrerequisites() instead.
 */
export function skipWithoutPrerequisites(): boolean {
  return !process.env.CI && missingPrerequisite() !== undefined;
}

/** Throws when code-server or Chromium is missing (call it first in beforeAll). */
export function requirePrerequisites(): void {
  const missing = missingPrerequisite();
  if (missing) throw new Error(missing);
}

/** Polls `probe` until it returns something other than undefined/false, or throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A scratch folder that the caller removes. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `encryption-lint-${prefix}-`));
}

/** Copies a folder to a scratch folder and returns the copy's path. */
export function copyToScratch(source: string, prefix: string): string {
  const target = join(scratchDir(prefix), 'workspace');
  cpSync(source, target, { recursive: true });
  return target;
}

interface Profile {
  home: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
}

/** HOME, XDG dirs, user data and extensions in one scratch folder, so nothing of the machine's leaks in. */
function makeProfile(root: string, extraEnv: NodeJS.ProcessEnv): Profile {
  const home = join(root, 'home');
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  for (const dir of [home, userDataDir, extensionsDir, join(userDataDir, 'User')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A VS Code terminal's IPC hook would send --install-extension to that other VS Code.
    if (key.startsWith('VSCODE_') || key === 'NODE_OPTIONS' || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local/state'),
    // No extension gallery: the workbench would otherwise look up open-vsx.org, which is not
    // reachable here (and not something a test should depend on).
    EXTENSIONS_GALLERY: '{}',
    ...extraEnv,
  });
  return { home, userDataDir, extensionsDir, env };
}

/** Runs a command to completion with a deadline; resolves with its exit code and output. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, cwd?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      fail(new Error(`${command} ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  workspace: string;
  /** A .vsix to install (with `--install-extension`) before the server starts. */
  vsix?: string;
  /** Extra environment for the server and so for the extension host and the language server. */
  env?: NodeJS.ProcessEnv;
}

export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  /** The user data folder (settings, logs). */
  userDataDir: string;
  /** Everything the server printed so far. */
  output(): string;
  /** The server's log files so far (extension host, our output channel, …), each under its path. */
  logs(): string;
  stop(): Promise<void>;
}

/** The text of every `*.log` file under `dir`, each headed by its relative path. */
function readLogs(dir: string): string {
  const parts: string[] = [];
  const walk = (folder: string) => {
    let entries: string[] = [];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.log')) parts.push(`--- ${relative(dir, path)}\n${readFileSync(path, 'utf8')}`);
    }
  };
  walk(dir);
  return parts.join('\n');
}

/**
 * Starts code-server with a fresh profile in its own process group (a new session, as `setsid`
 * gives), waits until it answers on its port, and kills the whole group — extension host and
 * language server included — on stop().
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const root = scratchDir('code-server');
  const profile = makeProfile(root, options.env ?? {});
  const common = ['--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];

  if (options.vsix) {
    const install = await run(CODE_SERVER_BIN, [...common, '--install-extension', options.vsix], profile.env, 120_000);
    if (install.code !== 0 || !/successfully installed/i.test(install.output)) {
      throw new Error(`code-server --install-extension ${options.vsix} failed (exit ${install.code}):\n${install.output}`);
    }
  }

  // The port is free when asked but could be taken before code-server binds it: try again then.
  let lastOutput = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const args = [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      ...common,
      options.workspace,
    ];
    const child: ChildProcess = spawn(CODE_SERVER_BIN, args, { env: profile.env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = child.pid;
    if (pid === undefined) throw new Error('code-server did not start');
    liveGroups.add(pid);
    let output = '';
    let exited: number | null | undefined;
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (exited = code));
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
      killGroup(pid, 'SIGTERM');
      try {
        await until('code-server to exit', () => !groupAlive(pid), { timeoutMs: 10_000 });
      } catch {
        killGroup(pid, 'SIGKILL');
        await until('code-server to die', () => !groupAlive(pid), { timeoutMs: 5_000 });
      }
      liveGroups.delete(pid);
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    };
    try {
      // Until it answers or exits (then fail at once, not at the deadline); refused connections
      // before it listens are retried.
      const state = await until(
        `code-server on ${url}`,
        async () => {
          if (exited !== undefined) return 'exited';
          const response = await fetch(`${url}/healthz`);
          return response.ok ? 'up' : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      if (state === 'exited') throw new Error(`code-server exited with ${exited}:\n${output}`);
    } catch (error) {
      lastOutput = output;
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
      if (/EADDRINUSE/.test(output) && attempt < 3) continue;
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
      throw error;
    }
    return {
      url,
      port,
      workspace: options.workspace,
      userDataDir: profile.userDataDir,
      output: () => output,
      logs: () => readLogs(join(profile.userDataDir, 'logs')),
      stop,
    };
  }
  throw new Error(`code-server could not bind a port:\n${lastOutput}`);
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Browser console lines, for failure reports. */
  console: string[];
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a fresh profile. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = scratchDir('chromium');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_BIN,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  return {
    context,
    page,
    console: consoleLines,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Saves a screenshot of the page to .e2e/screenshots/<name>.png and returns its path (undefined if it could not). */
export async function screenshot(page: Page, name: string): Promise<string | undefined> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  try {
    await page.screenshot({ path, timeout: 10_000 });
    return path;
  } catch {
    return undefined;
  }
}

/**
 * Saves what a failed test needs to be understood to .e2e/screenshots/<name>.{png,log}: the page as
 * it was, the server's output and logs (extension host, language client) and the browser console.
 */
export async function saveFailureReport(name: string, server?: CodeServer, browser?: Browser): Promise<void> {
  const shot = browser ? await screenshot(browser.page, name) : undefined;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const log = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.log`);
  const sections = [
    `=== code-server output\n${server?.output() ?? '(no server)'}`,
    `=== code-server logs\n${server?.logs() ?? '(no server)'}`,
    `=== browser console\n${browser?.console.join('\n') ?? '(no browser)'}`,
  ];
  writeFileSync(log, sections.join('\n\n'));
  console.error(`VS Code e2e failure report: ${shot ?? '(no screenshot)'} and ${log}`);
}

/** A problem as the Problems panel shows it. */
export interface ProblemRow {
  /** The row's accessible label: severity, message, position and source (VS Code leaves the code out). */
  label: string;
  /** The row's visible text: message, `source(code)` and `[Ln L, Col C]`. */
  text: string;
}

/** The VS Code workbench in a page: the few things a person does, each waiting until it is done. */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench at `url` and waits until the workspace's explorer has loaded. */
  async load(url: string, timeoutMs = 90_000): Promise<void> {
    await this.page.goto(url, { timeout: timeoutMs });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    // The explorer lists files once the remote connection and file service are up.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Presses `keys` until `opened` shows up: the first key press after load can land before the
   * workbench has registered its keybindings, so one press is not always enough.
   */
  private async pressUntilVisible(keys: string, opened: Locator, what: string, timeoutMs = 30_000): Promise<void> {
    await until(
      what,
      async () => {
        if (await opened.isVisible()) return true;
        await this.page.keyboard.press(keys);
        try {
          await opened.waitFor({ state: 'visible', timeout: 2_000 });
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs, intervalMs: 0 },
    );
  }

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Quick Open (Ctrl+P): types the file name and opens the matching entry; waits for its editor. */
  async openFile(fileName: string): Promise<void> {
    const input = this.quickInput.locator('input');
    await this.pressUntilVisible('Control+P', input, 'Quick Open');
    await input.fill(fileName);
    // File search (ripgrep) answers asynchronously: wait for the row before pressing Enter.
    const row = this.quickInput.locator('.monaco-list-row', { hasText: fileName }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await until(`"${fileName}" to be the selected Quick Open entry`, async () => {
      const focused = this.quickInput.locator('.monaco-list-row.focused', { hasText: fileName });
      return (await focused.count()) > 0;
    });
    await input.press('Enter');
    await this.waitForEditor(fileName);
  }

  /** Waits until the active editor shows `fileName` with its text rendered. */
  async waitForEditor(fileName: string, timeoutMs = 30_000): Promise<void> {
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: fileName });
    await tab.waitFor({ state: 'visible', timeout: timeoutMs });
    await this.activeEditor.locator('.view-lines .view-line').first().waitFor({ state: 'visible', timeout: timeoutMs });
  }

  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /**
   * The active editor's rendered lines with their 1-based line numbers, top to bottom. Monaco renders
   * only the lines in view (plus a few): reveal a line (goToLine) before reading it.
   */
  async editorLines(): Promise<Array<{ line: number; text: string }>> {
    const editor = this.activeEditor;
    const byTop = async (selector: string) =>
      editor.locator(selector).evaluateAll((nodes: any[]) =>
        nodes.map((node) => [Math.round(parseFloat(node.style.top || node.parentElement?.style.top || '0')), String(node.textContent ?? '')] as [number, string]),
      );
    const [texts, numbers] = await Promise.all([byTop('.view-lines .view-line'), byTop('.margin-view-overlays .line-numbers')]);
    const lineAt = new Map(numbers.map(([top, text]) => [top, Number(text.trim())]));
    return texts
      .map(([top, text]) => ({ top, line: lineAt.get(top) ?? Number.NaN, text: text.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map(({ line, text }) => ({ line, text }));
  }

  /** The text of the active editor's rendered lines, joined (a short file in a tall viewport renders whole). */
  async editorText(): Promise<string> {
    return (await this.editorLines()).map(({ text }) => text).join('\n');
  }

  /** The rendered text of 1-based line `line`, or undefined when it is not in view. */
  async lineText(line: number): Promise<string | undefined> {
    return (await this.editorLines()).find((rendered) => rendered.line === line)?.text;
  }

  /** Polls the editor text until `predicate` holds; returns it. */
  async waitForEditorText(what: string, predicate: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
    return until(`editor text: ${what}`, async () => {
      const text = await this.editorText();
      return predicate(text) ? text : undefined;
    }, { timeoutMs });
  }

  /** Squiggles rendered in the active editor, by Monaco's class (e.g. `squiggly-warning`). */
  squiggles(severity: 'error' | 'warning' | 'info' | 'hint'): Locator {
    return this.activeEditor.locator(`.view-overlays .squiggly-${severity}, .squiggly-${severity}`);
  }

  /** Opens the Problems panel (Ctrl+Shift+M). */
  async openProblems(): Promise<void> {
    await this.pressUntilVisible('Control+Shift+M', this.page.locator('.markers-panel'), 'the Problems panel');
  }

  /** The problem rows the Problems panel lists now (file rows excluded). */
  async problems(): Promise<ProblemRow[]> {
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    const all: Array<{ label: string; text: string; marker: boolean }> = await rows.evaluateAll((rows: any[]) =>
      rows.map((row) => ({
        label: String(row.getAttribute('aria-label') ?? ''),
        text: String(row.innerText ?? '').replace(/\s+/g, ' ').trim(),
        marker: Boolean(row.querySelector('.marker-message-details, .marker-icon')),
      })),
    );
    return all.filter((row) => row.marker).map(({ label, text }) => ({ label, text }));
  }

  /** Polls the Problems panel until `predicate` holds; returns the rows. */
  async waitForProblems(what: string, predicate: (rows: ProblemRow[]) => boolean, timeoutMs = 60_000): Promise<ProblemRow[]> {
    return until(`Problems panel: ${what}`, async () => {
      const rows = await this.problems();
      return predicate(rows) ? rows : undefined;
    }, { timeoutMs });
  }

  /** The rendered line of the active editor whose text matches `line`. */
  editorLine(line: RegExp): Locator {
    return this.activeEditor.locator('.view-lines .view-line', { hasText: line }).first();
  }

  /**
   * Hovers the mouse over the token `token` on the editor line matching `line` and returns the hover
   * widget's text once it contains `expected`. Moves away and back while waiting, as a person would
   * when a hover does not come (it is requested only after the language server has answered).
   */
  async hover(line: RegExp, token: string, expected: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const span = this.editorLine(line).locator('span span', { hasText: token }).first();
    await span.waitFor({ state: 'visible', timeout: timeoutMs });
    const hoverWidget = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content');
    const matches = (text: string) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));
    return until(
      `a hover containing ${expected} over "${token}"`,
      async () => {
        const box = await span.boundingBox();
        if (!box) return undefined;
        await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 2 });
        try {
          await hoverWidget.first().waitFor({ state: 'visible', timeout: 3_000 });
        } catch {
          await this.page.mouse.move(5, 5);
          return undefined;
        }
        const text = (await hoverWidget.allInnerTexts()).join('\n');
        if (matches(text)) return text;
        await this.page.mouse.move(5, 5);
        return undefined;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  /** Go to Line (Ctrl+G), 1-based. */
  async goToLine(line: number): Promise<void> {
    await this.focusEditor();
    const input = this.quickInput.locator('input');
    await this.pressUntilVisible('Control+G', input, 'Go to Line');
    await input.fill(`:${line}`);
    await input.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
    await until(`the cursor on line ${line}`, async () => (await this.cursorLine()) === line);
  }

  /** The 1-based line of the primary cursor, as the status bar says (`Ln 12, Col 3`). */
  async cursorLine(): Promise<number | undefined> {
    const item = this.page.locator('#status\\.editor\\.selection');
    const text = (await item.innerText({ timeout: 2_000 }).catch(() => '')) ?? '';
    const match = /Ln (\d+)/.exec(text);
    return match ? Number(match[1]) : undefined;
  }

  /** Puts the keyboard focus into the active editor. */
  async focusEditor(): Promise<void> {
    const textArea = this.activeEditor.locator('textarea.inputarea, .native-edit-context').first();
    await until('the editor to have the keyboard focus', async () => {
      if (await this.activeEditor.evaluate((editor: any) => Boolean(editor.classList.contains('focused')))) return true;
      await textArea.focus();
      return false;
    });
  }

  /** Types into the active editor at the cursor, key by key, as a person would. */
  async type(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.type(text, { delay: 10 });
  }

  async press(keys: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press(keys);
  }
}

/** A running code-server with Chromium on a workspace, as the UI suites use it. */
export interface WorkbenchSession {
  workspace: string;
  server: CodeServer;
  browser: Browser;
  workbench: Workbench;
  /** Saves a screenshot and logs under `.e2e/screenshots/<name>.*`. */
  report(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts code-server on `workspace` (with the extension when `vsix` is given), opens it in
 * Chromium and waits for the workbench; on failure it saves a report named `<name>-load`.
 * `workspace` is removed with its scratch folder on close.
 */
export async function openWorkbenchSession(name: string, workspace: string, vsix?: string): Promise<WorkbenchSession> {
  const server = await startCodeServer(vsix ? { workspace, vsix } : { workspace });
  const browser = await launchBrowser();
  const workbench = new Workbench(browser.page);
  const report = (label: string) => saveFailureReport(label, server, browser);
  const close = async () => {
    await browser.close();
    await server.stop();
    rmSync(dirname(workspace), { recursive: true, force: true });
  };
  try {
    await workbench.load(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  } catch (error) {
    await report(`${name}-load`);
    await close();
    throw error;
  }
  return { workspace, server, browser, workbench, report, close };
}
