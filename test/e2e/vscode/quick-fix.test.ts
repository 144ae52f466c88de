// The language server's quick fixes in a real VS Code (code-server + Chromium), used the way a person
// does: the cursor on the squiggled `AES256`, Quick Fix (Ctrl+.), the menu, a click on "Switch to a
// new customer-managed KMS key", then the editor text, the Problems panel and the saved file. The
// packaged .vsix is installed with --install-extension (rebuilt by the harness when stale). Needs
// test/e2e/setup.sh and a built dist/ (`npm run build`) for bin/lsp-lint.js.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyToScratch,
  extensionVsix,
  REPO_ROOT,
  requirePrerequisites,
  scratchDir,
  skipWithoutPrerequisites,
  until,
  Workbench,
  openWorkbenchSession,
  type WorkbenchSession,
} from './harness';
import { DISABLE_S3_001, DOCUMENTATION_S3_001, QUICK_FIX_FINDING, QUICK_FIX_TEMPLATE, SWITCH_TO_NEW_KEY, switchedToNewKeyProblems } from './quick-fix-expected';

const WORKSPACE = join(dirname(new URL(import.meta.url).pathname), 'quick-fix-workspace');
const TEMPLATE = QUICK_FIX_TEMPLATE;
const FINDING = QUICK_FIX_FINDING;

interface CliFinding {
  ruleId: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
  resource?: { id: string };
  fixes?: Array<{ title: string; safety: string }>;
}

/** `node bin/lsp-lint.js --format json <file>`: the built CLI, as CI and pre-commit run it. */
function lintWithCli(cwd: string, file: string): CliFinding[] {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/lsp-lint.js'), '--format', 'json', file], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  // Exit 1 means findings, 0 none; anything else is a failure of the run itself.
  expect([0, 1], `lsp-lint exited ${result.status}: ${result.stderr}`).toContain(result.status);
  const report = JSON.parse(result.stdout) as { findings: CliFinding[]; errors: unknown[] };
  expect(report.errors).toEqual([]);
  return report.findings;
}

/** What `node bin/lsp-lint.js --fix-unsafe` makes of `text` (in a scratch copy). */
function fixWithCli(text: string): string {
  const dir = scratchDir('quick-fix-cli');
  try {
    writeFileSync(join(dir, TEMPLATE), text);
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/lsp-lint.js'), '--fix-unsafe', TEMPLATE], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    if (result.error) throw result.error;
    expect(result.status, `lsp-lint --fix-unsafe exited ${result.status}: ${result.stdout}${result.stderr}`).toBe(0);
    return readFileSync(join(dir, TEMPLATE), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(skipWithoutPrerequisites())('VS Code (code-server): the S3-001 quick fix from the lightbulb menu', () => {
  let session: WorkbenchSession;
  let workbench: Workbench;
  let workspace: string;
  let original: string;

  beforeAll(async () => {
    requirePrerequisites();
    workspace = copyToScratch(WORKSPACE, 'vscode-quick-fix');
    original = readFileSync(join(workspace, TEMPLATE), 'utf8');
    session = await openWorkbenchSession('quick-fix', workspace, await extensionVsix());
    ({ workbench } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  const reportOnFailure = (name: string, onTestFailed: (handler: () => Promise<void>) => void) => onTestFailed(() => session.report(name));

  /** The open Quick Fix menu (the action widget). */
  const menu = () => workbench.page.locator('.action-widget');
  /** Its action rows' titles, top to bottom (group headers left out). */
  const menuTitles = async (): Promise<string[]> =>
    menu()
      .locator('.monaco-list-row.action')
      .evaluateAll((rows: any[]) => rows.map((row) => String(row.querySelector('.title')?.textContent ?? row.textContent ?? '').trim()));

  /** The status bar's `Ln L, Col C`. */
  const cursor = async (): Promise<{ line: number; column: number } | undefined> => {
    const text = await workbench.page.locator('#status\\.editor\\.selection').innerText({ timeout: 2_000 }).catch(() => '');
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
  };

  it('the template has exactly one finding, S3-001 on AES256 (line 10), with the new-key fix, per bin/lsp-lint.js', () => {
    const findings = lintWithCli(workspace, TEMPLATE);
    expect(findings.map((finding) => [finding.ruleId, finding.resource?.id, finding.range.start, finding.range.end])).toEqual([
      ['S3-001', 'Data', { line: FINDING.line, column: FINDING.column }, { line: FINDING.line, column: FINDING.endColumn }],
    ]);
    expect(findings[0].fixes).toEqual([{ title: 'Switch to a new customer-managed KMS key (DataKey)', safety: 'unsafe' }]);
    expect(original.split('\n')[FINDING.line - 1]).toBe('              SSEAlgorithm: AES256');
  });

  it('shows the finding as a squiggle under AES256 and as the one entry of the Problems panel', async ({ onTestFailed }) => {
    reportOnFailure('quick-fix-finding', onTestFailed);
    await workbench.openFile(TEMPLATE);
    const squiggle = workbench.squiggles('warning').first();
    await squiggle.waitFor({ state: 'visible', timeout: 60_000 });
    const token = workbench.editorLine(/SSEAlgorithm:\s+AES256/).locator('span span', { hasText: 'AES256' }).first();
    const [squiggleBox, tokenBox] = await Promise.all([squiggle.boundingBox(), token.boundingBox()]);
    expect(squiggleBox).not.toBeNull();
    expect(tokenBox).not.toBeNull();
    expect(Math.abs(squiggleBox!.y + squiggleBox!.height / 2 - (tokenBox!.y + tokenBox!.height / 2))).toBeLessThan(tokenBox!.height);
    expect(Math.abs(squiggleBox!.x + squiggleBox!.width / 2 - (tokenBox!.x + tokenBox!.width / 2))).toBeLessThan(tokenBox!.width);
    expect(await workbench.squiggles('warning').count()).toBe(1);

    await workbench.openProblems();
    const rows = await workbench.waitForProblems('an S3-001 entry', (rows) => rows.some((row) => row.text.includes('S3-001')));
    expect(rows).toHaveLength(1);
    expect(rows[0].text).toContain(`[Ln ${FINDING.line}, Col ${FINDING.column}]`);
    expect(rows[0].label).toMatch(/^Warning: Bucket Data is encrypted with SSE-S3 \(SSEAlgorithm: AES256\)/);
  });

  it('Quick Fix (Ctrl+.) on AES256 lists the switch to a new KMS key, disable for this line and the documentation', async ({ onTestFailed }) => {
    reportOnFailure('quick-fix-menu', onTestFailed);
    // Click into the squiggled word, as a person would: the cursor lands inside AES256.
    const token = workbench.editorLine(/SSEAlgorithm:\s+AES256/).locator('span span', { hasText: 'AES256' }).first();
    const box = await token.boundingBox();
    expect(box).not.toBeNull();
    await workbench.page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await until('the cursor inside AES256', async () => {
      const at = await cursor();
      return at !== undefined && at.line === FINDING.line && at.column > FINDING.column && at.column < FINDING.endColumn;
    });
    // The lightbulb shows once the server has answered the code action request for the cursor.
    await workbench.activeEditor.locator('.lightBulbWidget').first().waitFor({ state: 'visible', timeout: 30_000 });

    // Ctrl+. is code-server's (VS Code's) keybinding for editor.action.quickFix (primary CtrlCmd+Period).
    // A press can be lost while the workbench is busy, and a menu asked for before the server's
    // answer says "No code actions available": press again until the menu lists our fix.
    await until(
      `the Quick Fix menu listing "${SWITCH_TO_NEW_KEY}"`,
      async () => {
        if ((await menu().isVisible()) && (await menuTitles()).includes(SWITCH_TO_NEW_KEY)) return true;
        await workbench.press('Escape');
        await workbench.press('Control+.');
        try {
          await menu().locator('.monaco-list-row.action', { hasText: SWITCH_TO_NEW_KEY }).waitFor({ state: 'visible', timeout: 3_000 });
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 45_000, intervalMs: 0 },
    );
    // Exactly these, in this order: no KMS key in the template, so no "Switch to the customer-managed
    // KMS key <Key>" entry, and one finding, so no "Fix all S3-001 problems".
    expect(await menuTitles()).toEqual([SWITCH_TO_NEW_KEY, DISABLE_S3_001, DOCUMENTATION_S3_001]);
  });

  it('choosing "Switch to a new customer-managed KMS key" rewrites the template and clears the Problems panel', async ({ onTestFailed }) => {
    reportOnFailure('quick-fix-apply', onTestFailed);
    // The menu lays a pointer block over the page that the first mouse movement removes (so a menu
    // opened from the keyboard ignores a pointer that happens to rest on it): move onto the entry,
    // as a hand on the mouse does, then click it.
    const entry = menu().locator('.monaco-list-row.action', { hasText: SWITCH_TO_NEW_KEY });
    const box = await entry.boundingBox();
    expect(box).not.toBeNull();
    await workbench.page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2, { steps: 3 });
    await workbench.page.locator('.context-view-pointerBlock').waitFor({ state: 'detached', timeout: 10_000 });
    await entry.click();
    await menu().waitFor({ state: 'hidden', timeout: 10_000 });

    // In the editor, unsaved: the algorithm and the key reference replace AES256.
    await workbench.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'visible', timeout: 10_000 });
    await until('the fix in the editor', async () => {
      const lines = await workbench.editorLines();
      const text = (line: number) => lines.find((rendered) => rendered.line === line)?.text;
      return /^ {14}SSEAlgorithm: (aws:kms|'aws:kms'|"aws:kms")$/.test(text(FINDING.line) ?? '') && /^ {14}KMSMasterKeyID: !GetAtt ['"]?DataKey\.Arn['"]?$/.test(text(FINDING.line + 1) ?? '');
    });

    await workbench.openProblems();
    await workbench.waitForProblems('no entry left', (rows) => rows.length === 0);
    await workbench.page.locator('.markers-panel', { hasText: 'No problems have been detected in the workspace' }).waitFor({ state: 'visible', timeout: 10_000 });
    await until('the squiggle to go', async () => (await workbench.squiggles('warning').count()) === 0);

    // Save (Ctrl+S) and read the whole document from disk: exactly the expected edit, nothing else.
    const dirtyTab = workbench.page.locator('.tabs-container .tab.active.dirty');
    await until(
      'the tab to be saved (Ctrl+S)',
      async () => {
        if (!(await dirtyTab.isVisible())) return true;
        await workbench.press('Control+S');
        try {
          await dirtyTab.waitFor({ state: 'hidden', timeout: 3_000 });
          return true;
        } catch {
          return false; // Pressed while the workbench was busy: again.
        }
      },
      { timeoutMs: 30_000, intervalMs: 0 },
    );
    const path = join(workspace, TEMPLATE);
    const saved = await until('the saved text on disk', () => {
      const text = readFileSync(path, 'utf8');
      return text !== original ? text : undefined;
    }, { timeoutMs: 10_000 });
    // The key right after the bucket, rotating, with the root key policy; the bucket on aws:kms with
    // that key and the Bucket Key on; nothing else touched.
    expect(switchedToNewKeyProblems(original, saved)).toEqual([]);
    // The editor's quick fix is the CLI's: `lsp-lint --fix-unsafe` (the first alternative, here the
    // only one) writes the same text.
    expect(saved).toBe(fixWithCli(original));
    // And the CLI agrees the saved template is clean.
    expect(lintWithCli(workspace, TEMPLATE)).toEqual([]);
  });
});
