// The extension-host suite: runs inside VS Code's extension host, next to the extension, with the
// real `vscode` API (what @vscode/test-electron's runTests would run). VS Code calls run() once the
// workbench is up and exits the extension host with 0 when it resolves, 1 when it rejects.
// Bundled by test/e2e/vscode/build-tests.mjs; driven by test/e2e/vscode/extension-host.test.ts.
import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DISABLE_S3_001, DOCUMENTATION_S3_001, QUICK_FIX_TEMPLATE, SWITCH_TO_NEW_KEY, switchedToNewKeyProblems } from '../quick-fix-expected';

const EXTENSION_ID = 'encryption-lint.encryption-lint';
const TEMPLATE = 'data.cfn.yaml';
const SOURCE = 'encryption-lint';

/** Progress lines go to the console and, for the driving test, to ENCRYPTION_LINT_E2E_LOG. */
function log(line: string): void {
  console.log(`[encryption-lint e2e] ${line}`);
  const file = process.env.ENCRYPTION_LINT_E2E_LOG;
  if (file) appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
}

/** Polls `probe` until it returns something other than undefined/false, or throws after `timeoutMs`. */
async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

function codeValue(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

function isCodeAction(item: vscode.CodeAction | vscode.Command): item is vscode.CodeAction {
  return !('command' in item && typeof item.command === 'string');
}

function describeDiagnostics(uri: vscode.Uri): string {
  return JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => ({ source: d.source, code: codeValue(d), line: d.range.start.line, message: d.message })));
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** The 0-based index of the one line equal to `text` (positions come from the template, never typed in). */
function lineOf(document: vscode.TextDocument, text: string): number {
  const lines = document.getText().split(/\r?\n/);
  const index = lines.indexOf(text);
  assert.ok(index >= 0 && lines.indexOf(text, index + 1) < 0, `exactly one line ${JSON.stringify(text)} in ${TEMPLATE}`);
  return index;
}

async function step(name: string, body: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await body();
    log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    log(`FAIL ${name}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    throw error;
  }
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  const uri = vscode.Uri.joinPath(folder.uri, TEMPLATE);
  let document!: vscode.TextDocument;
  let diagnostic!: vscode.Diagnostic;
  log(`VS Code ${vscode.version}, workspace ${folder.uri.toString()}`);

  await step('opening the template activates the extension', async () => {
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'yaml');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded from the extension development path`);
    await until(`${EXTENSION_ID} to activate`, () => extension.isActive);
  });

  await step('publishes exactly one diagnostic: S3-003 on the logical ID, with its rule page', async () => {
    diagnostic = await until(`an S3-003 diagnostic (have ${describeDiagnostics(uri)})`, () => ours(uri).find((d) => codeValue(d) === 'S3-003'));
    assert.deepEqual(ours(uri).map(codeValue), ['S3-003'], describeDiagnostics(uri));
    assert.equal(diagnostic.source, SOURCE);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    const line = lineOf(document, '  Data:');
    const start = document.lineAt(line).text.indexOf('Data');
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      [line, start, line, start + 'Data'.length],
    );
    assert.match(diagnostic.message, /without an S3 Bucket Key/);
    const code = diagnostic.code;
    assert.ok(typeof code === 'object' && code !== null, `diagnostic.code carries a target: ${JSON.stringify(code)}`);
    assert.equal(code.value, 'S3-003');
    assert.ok(code.target instanceof vscode.Uri, 'diagnostic.code.target is a Uri');
    assert.equal(code.target.scheme, 'file');
    assert.match(code.target.path, /\/rules\/s3-bucket-key\.md$/);
    // The page ships with the extension: it is there, offline, for this exact version.
    assert.ok(existsSync(code.target.fsPath), `${code.target.fsPath} exists`);
    assert.match(readFileSync(code.target.fsPath, 'utf8'), /^# S3-003\b/);
  });

  await step("hover on the logical ID shows the bucket's effective encryption and KMS estimate", async () => {
    const hovers = await until('a hover from encryption-lint', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic.range.start);
      return found.length > 0 && /KMS request estimate/.test(hoverText(found)) ? found : undefined;
    });
    const text = hoverText(hovers);
    assert.match(text, /\*\*S3 bucket `Data`\*\* \(AWS::S3::Bucket\)/);
    assert.match(text, /\| Bucket Key \| off/);
    assert.match(text, /with a Bucket Key: up to 99% fewer/);
  });

  await step('adding BucketKeyEnabled: true (unsaved) clears the diagnostic', async () => {
    // A sibling of ServerSideEncryptionByDefault, right before BlockedEncryptionTypes.
    const sibling = '            BlockedEncryptionTypes:';
    const at = new vscode.Position(lineOf(document, sibling), 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, at, '            BucketKeyEnabled: true\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true, 'the edit applies');
    assert.equal(document.isDirty, true, 'the edit is not saved: the server lints the editor text');
    await until(`no diagnostic left (have ${describeDiagnostics(uri)})`, () => ours(uri).length === 0);
  });

  await step('the hover follows the edit', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic.range.start);
    assert.match(hoverText(hovers), /\| Bucket Key \| on/);
  });

  await step('the S3-001 quick fix "Switch to a new customer-managed KMS key" (executeCodeActionProvider + applyEdit) clears it', async () => {
    // A second template, copied into the workspace by extension-host.test.ts: a bucket on AES256.
    const bucketUri = vscode.Uri.joinPath(folder.uri, QUICK_FIX_TEMPLATE);
    const bucket = await vscode.workspace.openTextDocument(bucketUri);
    await vscode.window.showTextDocument(bucket);
    const original = bucket.getText();
    const s3001 = await until(`an S3-001 diagnostic (have ${describeDiagnostics(bucketUri)})`, () => ours(bucketUri).find((d) => codeValue(d) === 'S3-001'));
    assert.deepEqual(ours(bucketUri).map(codeValue), ['S3-001'], describeDiagnostics(bucketUri));
    assert.equal(bucket.getText(s3001.range), 'AES256');
    // What the lightbulb asks for: the code actions at the diagnostic's range (VS Code adds the
    // diagnostics there to the request's context).
    const items = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', bucketUri, s3001.range);
    const actions = items.filter(isCodeAction);
    const titles = actions.map((action) => action.title);
    assert.deepEqual(titles, [SWITCH_TO_NEW_KEY, DISABLE_S3_001, DOCUMENTATION_S3_001]);
    const fix = actions.find((action) => action.title === SWITCH_TO_NEW_KEY);
    assert.ok(fix?.edit, `"${SWITCH_TO_NEW_KEY}" is offered with an edit: ${JSON.stringify(titles)}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');
    assert.deepEqual(switchedToNewKeyProblems(original, bucket.getText()), []);
    await until(`no diagnostic left on ${QUICK_FIX_TEMPLATE} (have ${describeDiagnostics(bucketUri)})`, () => ours(bucketUri).length === 0);
  });
}
