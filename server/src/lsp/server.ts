import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { Connection, Hover, InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigError, describeResourceAt, resolveConfig, RuleRegistry } from '../engine';
import type { IncrementalYamlParser, LintResult, ResolvedConfig } from '../engine';
import { RULES } from '../../../rules';
import { codeActions, FIX_ALL_KIND, resolveCodeAction, SHOW_DOCUMENTATION_COMMAND } from './code-actions';
import { toDiagnostics, toLspRange } from './diagnostics';
import { isLintable, lintDocument, RecentCache } from './document-linter';
import { hoverMarkdown } from './hover';
import { ruleDocsUri } from './rule-docs';
import { DEFAULT_SETTINGS, lintConfigOf, readSettings } from './settings';
import type { ServerSettings } from './settings';

/** Quiet time after a keystroke before re-linting: coalesces bursts, well inside the 100 ms budget. */
const TYPING_DEBOUNCE_MS = 25;
/** Analyses kept for hovers; older documents are re-analysed on demand. */
const RECENT_ANALYSES = 16;
/** Quiet time after the last lint before returning memory to the system. */
const IDLE_COLLECT_MS = 500;
/** During a burst of lints, collect after this many (a few ms each time). */
const LINTS_PER_COLLECTION = 200;
/** Documents whose per-resource parse cache is kept: the ones being edited. Bounds memory with many files open. */
const RECENT_PARSERS = 4;

interface Analysis {
  version: number;
  result: LintResult;
}

/** Starts the language server on the transport named on the command line (`--stdio`, `--node-ipc`, …). */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const registry = new RuleRegistry(RULES);
  // dist/server.js → the package root, where rules/*.md ship.
  const packageRoot = join(dirname(__filename), '..');
  const docsUri = (ruleName: string) => ruleDocsUri(ruleName, packageRoot);
  const settingsByUri = new Map<string, Promise<ServerSettings>>();
  const configs = new Map<string, ResolvedConfig>();
  const analyses = new RecentCache<Analysis>(RECENT_ANALYSES);
  const parsers = new RecentCache<IncrementalYamlParser>(RECENT_PARSERS);
  const timers = new Map<string, NodeJS.Timeout>();
  const linted = new Set<string>();
  let canPullConfiguration = false;
  let resolvesEdits = false;
  let showsDocuments = false;

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
    resolvesEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') ?? false;
    showsDocuments = params.capabilities.window?.showDocument?.support ?? false;
    // The VS Code extension shows rule pages itself (as a Markdown preview); other editors run the
    // code action's command on the server, which asks the client to open the page.
    const clientShowsDocs = (params.initializationOptions as { clientShowsRuleDocumentation?: boolean } | undefined)?.clientShowsRuleDocumentation === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: resolvesEdits },
        ...(clientShowsDocs ? {} : { executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] } }),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'encryption-lint', version: typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : '0.0.0-dev' },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'encryptionLint' });
    connection.console.info(`encryption-lint server ready (${RULES.length} rules, docs in ${packageRoot})`);
  });

  connection.onDidChangeConfiguration((change) => {
    settingsByUri.clear();
    configs.clear();
    if (!canPullConfiguration) pushedSettings = readSettings((change.settings as { encryptionLint?: unknown } | undefined)?.encryptionLint);
    for (const document of documents.all()) schedule(document, 0);
  });
  let pushedSettings: ServerSettings = DEFAULT_SETTINGS;

  function settingsFor(uri: string): Promise<ServerSettings> {
    if (!canPullConfiguration) return Promise.resolve(pushedSettings);
    let settings = settingsByUri.get(uri);
    if (!settings) {
      settings = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'encryptionLint' })
        .then(readSettings, () => DEFAULT_SETTINGS);
      settingsByUri.set(uri, settings);
    }
    return settings;
  }

  /** Engine configuration for settings; a bad rule name in the settings is reported once, then ignored. */
  function configFor(settings: ServerSettings): ResolvedConfig {
    const key = JSON.stringify(lintConfigOf(settings));
    let config = configs.get(key);
    if (!config) {
      try {
        config = resolveConfig(registry, lintConfigOf(settings));
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        void connection.window.showWarningMessage(`encryption-lint settings: ${error.message}. Using the default rule settings.`);
        config = resolveConfig(registry, { profile: undefined });
      }
      configs.set(key, config);
    }
    return config;
  }

  async function validate(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const settings = await settingsFor(uri);
    const current = documents.get(uri);
    if (!current) return;
    if (!settings.enable || !isLintable(current)) {
      void connection.sendDiagnostics({ uri, version: current.version, diagnostics: [] });
      return;
    }
    const started = performance.now();
    let result: LintResult;
    try {
      result = lintDocument(current, configFor(settings), parsers);
    } catch (error) {
      connection.console.error(`lint of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return;
    }
    // The document may have changed while settings were fetched: never publish a stale version.
    if (documents.get(uri)?.version !== current.version) return;
    analyses.set(uri, { version: current.version, result });
    linted.add(uri);
    const diagnostics = result.status === 'template' ? toDiagnostics(result, current.version, docsUri) : [];
    void connection.sendDiagnostics({ uri, version: current.version, diagnostics });
    collectWhenIdle();
    connection.console.log(`linted ${uri} v${current.version}: ${diagnostics.length} diagnostics in ${(performance.now() - started).toFixed(1)} ms`);
  }

  // A language server lints in bursts (a workspace opening, a branch switch) and then idles for
  // minutes: collecting once it is quiet hands the burst's garbage back instead of holding it.
  let idleTimer: NodeJS.Timeout | undefined;
  let lintsSinceCollection = 0;
  function collectWhenIdle(): void {
    // A long burst (a thousand files opening) never idles: collect every so often on the way.
    if (++lintsSinceCollection >= LINTS_PER_COLLECTION) {
      lintsSinceCollection = 0;
      collectGarbage();
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(collectGarbage, IDLE_COLLECT_MS);
    idleTimer.unref();
  }

  function schedule(document: TextDocument, delay: number): void {
    const uri = document.uri;
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri);
      }, delay),
    );
  }

  documents.onDidChangeContent(async ({ document }) => {
    if (!linted.has(document.uri)) return schedule(document, 0);
    const settings = await settingsFor(document.uri);
    if (settings.run === 'onType') schedule(document, TYPING_DEBOUNCE_MS);
  });

  documents.onDidSave(({ document }) => schedule(document, 0));

  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    analyses.delete(document.uri);
    parsers.delete(document.uri);
    linted.delete(document.uri);
    settingsByUri.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  /** The document's analysis for its current version: the last one published, or a fresh lint. */
  function analysisOf(document: TextDocument, config: ResolvedConfig): Analysis {
    let analysis = analyses.get(document.uri);
    if (!analysis || analysis.version !== document.version) {
      analysis = { version: document.version, result: lintDocument(document, config, parsers) };
      analyses.set(document.uri, analysis);
    }
    return analysis;
  }

  connection.onHover(async (params): Promise<Hover | null> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const settings = await settingsFor(document.uri);
    const { model, lines } = analysisOf(document, configFor(settings)).result;
    if (!model) return null;
    const offset = document.offsetAt(params.position);
    const descriptions = describeResourceAt(model, offset, settings.costModel, (at) => lines.lineOf(at));
    if (descriptions.shown.length === 0) return null;
    const [first] = descriptions.shown;
    const anchor = first.kind === 'bucket' ? model.buckets.find((b) => b.resource.id === first.id)! : model.keys.find((k) => k.resource.id === first.id)!;
    const costLine = `${new Intl.NumberFormat('en-US').format(settings.costModel.monthlyObjectRequests)} object requests/month at $${settings.costModel.pricePer10kRequests} per 10,000 KMS requests`;
    return {
      contents: { kind: 'markdown', value: hoverMarkdown(descriptions, lines, costLine) },
      range: toLspRange(lines, anchor.resource.anchor),
    };
  });

  connection.onCodeAction(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !isLintable(document)) return [];
    const settings = await settingsFor(document.uri);
    if (!settings.enable) return [];
    const config = configFor(settings);
    if (!resolvesEdits) return codeActions(params, document, config, lintConfigOf(settings));
    const { findings } = analysisOf(document, config).result;
    const fixableCount = (ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId && finding.fixes.length > 0).length;
    return codeActions(params, document, config, lintConfigOf(settings), { fixableCount });
  });

  /** Opens a rule's page in the client (`window/showDocument`), or names it where the client can't open documents. */
  connection.onExecuteCommand(async (params) => {
    if (params.command !== SHOW_DOCUMENTATION_COMMAND) return null;
    const wanted = String(params.arguments?.[0] ?? '');
    const rule = registry.rules.find((candidate) => candidate.meta.id === wanted || candidate.meta.name === wanted);
    const uri = docsUri(rule?.meta.name ?? wanted);
    if (!uri) return null;
    if (showsDocuments) await connection.window.showDocument({ uri });
    else void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `${wanted}: ${uri}` });
    return uri;
  });

  connection.onCodeActionResolve(async (codeAction) => {
    const uri = (codeAction.data as { uri?: string } | undefined)?.uri;
    const document = uri ? documents.get(uri) : undefined;
    if (!document) return codeAction;
    const settings = await settingsFor(document.uri);
    return resolveCodeAction(codeAction, document, configFor(settings), lintConfigOf(settings));
  });

  documents.listen(connection);
  connection.listen();
}

declare const __TOOL_VERSION__: string;

/**
 * Full garbage collection through V8's `gc` hook (enabled here: Node takes no flags after start).
 * The second pass compacts what the first freed, so V8 returns the pages to the system: 1,000
 * templates opened leave ~110 MB resident instead of ~140 MB (`npm run bench`).
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function'
    ? () => {
        gc();
        gc();
      }
    : () => undefined;
})();
