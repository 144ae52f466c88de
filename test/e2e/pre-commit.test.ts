// Real pre-commit (Debian's 3.x) installs the repository's `lsp-lint` hook the way a user's
// pre-commit does — clone at a commit, `npm install`, `npm pack`, `npm install -g` the tarball
// into a nodeenv that uses the system node — and runs it in a scratch git repository.
// Needs `bash test/e2e/setup.sh` (pre-commit, git); outside CI a missing pre-commit skips the suite.
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientEnv, describeRun, hasCommand, REPO_ROOT, run } from './support/process';
import type { Run } from './support/process';
import { COMPLIANT, KMS_WILDCARD_JSON, KMS_WILDCARD_YAML } from './support/templates';

const HAVE_PRE_COMMIT = hasCommand('pre-commit');
const SKIP = !HAVE_PRE_COMMIT && !process.env.CI;
if (SKIP) {
  console.warn('[e2e] pre-commit suite SKIPPED: `pre-commit` is not installed. Install it with `bash test/e2e/setup.sh` (as root). In CI this fails instead.');
}

/** One pre-commit hook environment install (npm install + build + pack + global install) takes ~15 s here. */
const CLIENT_TIMEOUT = 150_000;

let work: string;
let env: NodeJS.ProcessEnv;

function git(cwd: string, ...args: string[]): string {
  const result = run('git', args, { cwd, env, timeout: 60_000 });
  if (result.status !== 0) throw new Error(describeRun(`git ${args.join(' ')}`, result));
  return result.stdout.trim();
}

/** A fresh git repository holding `files`, all staged, as a person's repository would be before `git commit`. */
function scratchRepo(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'config', 'user.name', 'encryption-lint e2e');
  git(dir, 'config', 'user.email', 'e2e@encryption-lint.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (Object.keys(files).length > 0) git(dir, 'add', '--', ...Object.keys(files));
  return dir;
}

let snapshot: { path: string; rev: string } | undefined;

/**
 * The checkout as it is on disk, committed into a temporary repository: tracked files with their
 * uncommitted edits plus new files that are not ignored. Used only when the checkout has changes
 * that pre-commit would not see (try-repo picks up edits to tracked files but not new files; a
 * `.pre-commit-config.yaml` sees only commits). A CI checkout is clean and is used as it is.
 */
function checkoutSnapshot(): { path: string; rev: string } {
  if (snapshot) return snapshot;
  const path = join(work, 'checkout-snapshot');
  mkdirSync(path);
  const listed = git(REPO_ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  for (const file of new Set(listed)) {
    const from = join(REPO_ROOT, file);
    if (!existsSync(from) || lstatSync(from).isDirectory()) continue; // deleted in the work tree, or a submodule
    mkdirSync(dirname(join(path, file)), { recursive: true });
    cpSync(from, join(path, file), { verbatimSymlinks: true });
  }
  git(path, 'init', '--quiet', '--initial-branch=main');
  git(path, 'add', '--all');
  git(path, '-c', 'user.name=encryption-lint e2e', '-c', 'user.email=e2e@encryption-lint.invalid', 'commit', '--quiet', '--no-verify', '-m', 'snapshot of the checkout under test');
  snapshot = { path, rev: git(path, 'rev-parse', 'HEAD') };
  return snapshot;
}

/** What `pre-commit try-repo` is pointed at: the checkout itself unless it has new files try-repo would miss. */
function tryRepoTarget(): string {
  const untracked = git(REPO_ROOT, 'ls-files', '--others', '--exclude-standard');
  if (untracked === '') return REPO_ROOT;
  console.warn(`[e2e] the checkout has files git does not track yet (try-repo would not see them); trying a snapshot of the work tree instead:\n${untracked}`);
  return checkoutSnapshot().path;
}

/** What a `.pre-commit-config.yaml` names: the checkout at HEAD when it is clean, else a snapshot. */
function configRepo(): { path: string; rev: string } {
  if (git(REPO_ROOT, 'status', '--porcelain') === '') return { path: REPO_ROOT, rev: git(REPO_ROOT, 'rev-parse', 'HEAD') };
  console.warn('[e2e] the checkout has uncommitted changes; the .pre-commit-config.yaml names a snapshot of the work tree instead');
  return checkoutSnapshot();
}

function preCommit(cwd: string, ...args: string[]): Run {
  return run('pre-commit', args, { cwd, env, timeout: CLIENT_TIMEOUT });
}

function lint(file: string): Run {
  return run(process.execPath, [join(REPO_ROOT, 'bin/lsp-lint.js'), file], { cwd: work, env, timeout: 30_000 });
}

describe.skipIf(SKIP)('pre-commit: the lsp-lint hook from .pre-commit-hooks.yaml', () => {
  beforeAll(() => {
    if (!HAVE_PRE_COMMIT) throw new Error('pre-commit is not installed: run `bash test/e2e/setup.sh` (as root) before `npm run test:e2e`');
    if (!existsSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'))) throw new Error(`no .pre-commit-hooks.yaml in ${REPO_ROOT}`);
    if (!existsSync(join(REPO_ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
    work = mkdtempSync(join(tmpdir(), 'encryption-lint-pre-commit-'));
    // A private pre-commit store: no hook environment is reused from, or leaks into, other runs.
    env = clientEnv({ PRE_COMMIT_HOME: join(work, 'pre-commit-home'), PRE_COMMIT_COLOR: 'never', NO_COLOR: '1' });
  });

  afterAll(() => {
    if (!work) return;
    if (process.env.ENCRYPTION_LINT_E2E_KEEP) console.warn(`[e2e] kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  });

  it('the templates used here have exactly the findings the assertions expect (headless CLI)', () => {
    const dir = scratchRepo('cli-check', { 'bad-key.yaml': KMS_WILDCARD_YAML, 'good.yaml': COMPLIANT });
    const bad = lint(join(dir, 'bad-key.yaml'));
    expect(bad.status, describeRun('lsp-lint bad-key.yaml', bad)).toBe(1);
    expect(bad.stdout).toMatch(/error\s+KMS-002/);
    expect(bad.stdout).toContain('1 problem (1 error');
    const good = lint(join(dir, 'good.yaml'));
    expect(good.status, describeRun('lsp-lint good.yaml', good)).toBe(0);
    expect(good.stdout).toContain('No problems found');
  });

  it('try-repo: a staged template with an error-level finding fails the hook and the finding is printed', () => {
    const dir = scratchRepo('bad', {
      'infra/bad-key.yaml': KMS_WILDCARD_YAML,
      // `.template` files reach the hook too (pre-commit tags them only as text).
      'legacy/stack.template': KMS_WILDCARD_JSON,
      'infra/ok.yaml': COMPLIANT,
      // YAML that is not CloudFormation: the hook is given it and skips it silently.
      '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
      'README.md': '# scratch\n',
    });
    // No --files / --all-files: the hook runs on the staged files, exactly what `git commit` checks.
    const result = preCommit(dir, 'try-repo', tryRepoTarget(), 'lsp-lint', '--color', 'never', '--verbose');
    const log = describeRun('pre-commit try-repo (bad)', result);
    expect(result.status, log).toBe(1);
    expect(result.output, log).toMatch(/encryption-lint\.+Failed/);
    expect(result.output, log).toContain('- hook id: lsp-lint');
    expect(result.output, log).toContain('KMS-002');
    expect(result.output, log).toContain('infra/bad-key.yaml');
    expect(result.output, log).toContain('legacy/stack.template');
    expect(result.output, log).not.toContain('ci.yml');
    expect(result.output, log).not.toContain('infra/ok.yaml');
    // The finding's position and the rule's explanation, as the CLI prints them.
    expect(result.output, log).toMatch(/12:\d+\s+error\s+KMS-002/);
  });

  it('try-repo: a compliant template passes', () => {
    const dir = scratchRepo('good', { 'infra/stack.yaml': COMPLIANT, 'README.md': '# scratch\n' });
    const result = preCommit(dir, 'try-repo', tryRepoTarget(), 'lsp-lint', '--color', 'never');
    const log = describeRun('pre-commit try-repo (good)', result);
    expect(result.status, log).toBe(0);
    expect(result.output, log).toMatch(/encryption-lint\.+Passed/);
    expect(result.output, log).not.toContain('KMS-002');
  });

  it('installed from .pre-commit-config.yaml, the hook blocks `git commit` of a bad template and lets the fixed one through', () => {
    const hooks = configRepo();
    const dir = scratchRepo('commit', {
      '.pre-commit-config.yaml': `repos:\n  - repo: ${hooks.path}\n    rev: ${hooks.rev}\n    hooks:\n      - id: lsp-lint\n`,
    });
    git(dir, 'commit', '--quiet', '--no-verify', '-m', 'pre-commit config');
    const install = preCommit(dir, 'install');
    expect(install.status, describeRun('pre-commit install', install)).toBe(0);
    expect(existsSync(join(dir, '.git/hooks/pre-commit'))).toBe(true);

    writeFileSync(join(dir, 'bad-key.yaml'), KMS_WILDCARD_YAML);
    git(dir, 'add', 'bad-key.yaml');
    const blocked = run('git', ['commit', '-m', 'add a key anyone can use'], { cwd: dir, env, timeout: CLIENT_TIMEOUT });
    const blockedLog = describeRun('git commit (bad)', blocked);
    expect(blocked.status, blockedLog).not.toBe(0);
    expect(blocked.output, blockedLog).toMatch(/encryption-lint\.+Failed/);
    expect(blocked.output, blockedLog).toContain('KMS-002');
    expect(blocked.output, blockedLog).toContain('bad-key.yaml');
    expect(git(dir, 'rev-list', '--count', 'HEAD'), 'the commit must not have been made').toBe('1');

    writeFileSync(join(dir, 'bad-key.yaml'), COMPLIANT);
    git(dir, 'add', 'bad-key.yaml');
    const allowed = run('git', ['commit', '-m', 'key for the account only'], { cwd: dir, env, timeout: CLIENT_TIMEOUT });
    const allowedLog = describeRun('git commit (fixed)', allowed);
    expect(allowed.status, allowedLog).toBe(0);
    expect(allowed.output, allowedLog).toMatch(/encryption-lint\.+Passed/);
    expect(git(dir, 'rev-list', '--count', 'HEAD')).toBe('2');
  });
});
