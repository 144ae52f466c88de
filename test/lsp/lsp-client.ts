import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const BIN = join(__dirname, '..', '..', 'bin', 'lsp-lint.js');

export interface TestClientOptions {
  /** Answers `workspace/configuration` per scope URI; omit to behave like a client without it. */
  settings?: (scopeUri: string | undefined) => unknown;
  workspaceFolders?: { uri: string; name: string }[];
  /** Declare `codeAction.resolveSupport` for `edit`, as VS Code does. */
  resolvesCodeActions?: boolean;
}

/** A minimal LSP client over the real bundled server's stdio, recording everything it publishes. */
export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private readonly process: ChildProcess;
  readonly connection: MessageConnection;

  constructor(private readonly options: TestClientOptions = {}) {
    this.process = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) => this.options.settings?.(item.scopeUri) ?? {}),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: this.options.workspaceFolders?.[0]?.uri ?? null,
      workspaceFolders: this.options.workspaceFolders ?? null,
      capabilities: {
        workspace: { configuration: Boolean(this.options.settings), workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true }, hover: { contentFormat: ['markdown'] },
          ...(this.options.resolvesCodeActions ? { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } : {}),
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** An incremental change: replace the text between two positions. */
  change(uri: string, version: number, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  save(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri: string, line: number, character: number): Promise<{ contents: { kind: string; value: string }; range: unknown } | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /** The latest diagnostics published for a document. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    return [...this.published].reverse().find((params) => params.uri === uri);
  }

  /** Waits, with a deadline, until the latest publish for `uri` satisfies the predicate. */
  async waitFor(uri: string, predicate: (params: PublishDiagnosticsParams) => boolean, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latest = this.latest(uri);
      if (latest && predicate(latest)) return latest;
      if (Date.now() > deadline) throw new Error(`timed out waiting for diagnostics of ${uri}; latest: ${JSON.stringify(latest)}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.process.kill();
    }
  }
}

export const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${d.code}`);

/** Applies an LSP workspace edit's changes for one document to its text. */
export async function applyWorkspaceEdit(text: string, uri: string, edit: { changes?: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> }): Promise<string> {
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edit.changes?.[uri] ?? []);
}
