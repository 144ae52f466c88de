// Proves the harness on code-server alone, with no extension of ours: when this passes and the
// other VS Code suites fail, the failure is about encryption-lint, not the harness or the machine.
// Built-in JSON language features stand in for a language server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  requirePrerequisites,
  scratchDir,
  skipWithoutPrerequisites,
  Workbench,
  openWorkbenchSession,
  type WorkbenchSession,
} from './harness';

describe.skipIf(skipWithoutPrerequisites())('VS Code harness (code-server alone)', () => {
  let session: WorkbenchSession;
  let workbench: Workbench;

  beforeAll(async () => {
    requirePrerequisites();
    const workspace = join(scratchDir('vscode-harness'), 'workspace');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'notes.txt'), 'first line\n  second line, indented\nthird line\n');
    writeFileSync(join(workspace, 'broken.json'), '{\n  "a": 1\n  "b": 2\n}\n');
    session = await openWorkbenchSession('harness', workspace);
    ({ workbench } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens a plain file with Quick Open and reads the editor text', async ({ onTestFailed }) => {
    onTestFailed(async () => session.report('harness-open-file'));
    await workbench.openFile('notes.txt');
    const text = await workbench.waitForEditorText('the file content', (text) => text.includes('third line'));
    expect(text).toBe('first line\n  second line, indented\nthird line\n');
  });

  it('shows a built-in language server error as a squiggle and in the Problems panel', async ({ onTestFailed }) => {
    onTestFailed(async () => session.report('harness-problems'));
    await workbench.openFile('broken.json');
    await workbench.squiggles('error').first().waitFor({ state: 'visible', timeout: 60_000 });
    await workbench.openProblems();
    const rows = await workbench.waitForProblems('the JSON syntax error', (rows) => rows.length > 0);
    expect(rows).toHaveLength(1);
    expect(rows[0].text).toMatch(/Expected comma\s+json\s*\(?514\)?\s+\[Ln 3, Col 3\]/);
  });

  it('types into the editor at a line', async ({ onTestFailed }) => {
    onTestFailed(async () => session.report('harness-type'));
    await workbench.openFile('notes.txt');
    await workbench.goToLine(3);
    await workbench.press('End');
    await workbench.type(' and more');
    await workbench.waitForEditorText('the typed text', (text) => text.includes('\nthird line and more\n'));
  });
});
