import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/**
 * Starts the bundled language server over IPC. The extension never runs workspace code (it only
 * reads text), which is why it declares untrusted workspaces supported.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('encryption-lint', { log: true });
  const serverModule = context.asAbsolutePath(join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'json' },
      { scheme: 'file', pattern: '**/*.template' },
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', language: 'hcl' },
      { scheme: 'file', language: 'typescript' },
    ],
    outputChannel: output,
    // The extension opens rule pages itself (encryptionLint.showRuleDocumentation below).
    initializationOptions: { clientShowsRuleDocumentation: true },
  };
  client = new LanguageClient('encryptionLint', 'encryption-lint', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('encryptionLint.showRuleDocumentation', (rule?: string) => showRuleDocumentation(context, rule)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

interface RulePage {
  id: string;
  name: string;
  title: string;
  file: string;
}

/** The rule pages shipped in `rules/`, read from their first heading (`# S3-003 s3-bucket-key — title`). */
function rulePages(context: vscode.ExtensionContext): RulePage[] {
  const folder = context.asAbsolutePath('rules');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.md'))
    .map((file) => {
      const heading = readFileSync(join(folder, file), 'utf8').split('\n', 1)[0];
      const match = /^#\s+(\S+)\s+(\S+)\s+—\s+(.*)$/.exec(heading);
      return match ? { id: match[1], name: match[2], title: match[3], file: join(folder, file) } : { id: file.replace(/\.md$/, ''), name: file.replace(/\.md$/, ''), title: heading.replace(/^#\s*/, ''), file: join(folder, file) };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function showRuleDocumentation(context: vscode.ExtensionContext, rule?: string): Promise<void> {
  const pages = rulePages(context);
  // The engine's own findings about suppressions are documented on the suppressions page.
  const wanted = rule === 'suppression-without-reason' || rule === 'unused-suppression' ? 'suppressions' : rule;
  let page = wanted ? pages.find((candidate) => candidate.id.toLowerCase() === wanted.toLowerCase() || candidate.name === wanted.toLowerCase()) : undefined;
  if (!page) {
    const picked = await vscode.window.showQuickPick(
      pages.map((candidate) => ({ label: candidate.id, description: candidate.name, detail: candidate.title, page: candidate })),
      { placeHolder: 'Which rule?' },
    );
    page = picked?.page;
  }
  if (page) await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(page.file));
}
