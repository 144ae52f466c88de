import { CodeActionKind } from 'vscode-languageserver/node';
import type { CodeAction, CodeActionParams, Diagnostic, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FixPlan, FixSyntax, ResolvedConfig, TextEdit } from '../engine';
import { editForFix, fixText, minimalEdit, REASON_PLACEHOLDER, resolveConfig, syntaxOf } from '../engine';
import type { LintConfig } from '../engine';
import type { DiagnosticData } from './diagnostics';
import { SOURCE } from './diagnostics';
import { lintPathOf } from './document-linter';

/** `source.fixAll.encryptionLint`: safe fixes only, so fix-on-save never changes who can read data. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.encryptionLint`;
export const SHOW_DOCUMENTATION_COMMAND = 'encryptionLint.showRuleDocumentation';

function toLsp(document: TextDocument, edit: TextEdit): LspTextEdit {
  return { range: { start: document.positionAt(edit.range.start), end: document.positionAt(edit.range.end) }, newText: edit.newText };
}

function action(document: TextDocument, title: string, kind: string, edit: TextEdit, diagnostics?: Diagnostic[], isPreferred?: boolean): CodeAction {
  return { title, kind, ...(diagnostics ? { diagnostics } : {}), ...(isPreferred ? { isPreferred } : {}), edit: { changes: { [document.uri]: [toLsp(document, edit)] } } };
}

/**
 * Code actions are a pure function of the request and the document: the fixes travel in each
 * diagnostic's `data`, and stale data (another document version) is ignored.
 */
export function codeActions(
  params: CodeActionParams,
  document: TextDocument,
  config: ResolvedConfig,
  lintConfig: LintConfig,
  options: CodeActionOptions = {},
): CodeAction[] {
  const path = lintPathOf(document);
  const text = document.getText();
  const syntax: FixSyntax = syntaxOf(path, text);
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];

  // Source actions only when asked for (fix-on-save, the Source Action menu), never in the lightbulb.
  if (only && wants(FIX_ALL_KIND)) {
    const fixed = fixText(path, text, config, 'safe');
    const edit = minimalEdit(text, fixed.text);
    if (edit) actions.push(action(document, 'Fix all safe encryption-lint problems', FIX_ALL_KIND, edit));
  }
  if (!wants(CodeActionKind.QuickFix)) return actions;
  return [...actions, ...uniqueActions(quickFixes(params, { document, path, text, syntax, config, lintConfig, options }))];
}

/** Several findings on one line (resources an Fn::ForEach fragment makes) would offer the same actions. */
function uniqueActions(actions: CodeAction[]): CodeAction[] {
  const seen = new Set<string>();
  return actions.filter((candidate) => {
    const key = JSON.stringify([candidate.title, candidate.edit, candidate.command]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The document and settings one code-action request works on. */
interface RequestContext {
  document: TextDocument;
  path: string;
  text: string;
  syntax: FixSyntax;
  config: ResolvedConfig;
  lintConfig: LintConfig;
  options: CodeActionOptions;
}

/** Per diagnostic: its fixes, "Fix all <rule>", "Disable …" and "Show documentation". */
function quickFixes(params: CodeActionParams, { document, path, text, syntax, config, lintConfig, options }: RequestContext): CodeAction[] {
  const actions: CodeAction[] = [];

  const seenRules = new Set<string>();
  for (const diagnostic of params.context.diagnostics) {
    const data = diagnostic.data as (DiagnosticData & { fixes?: FixPlan[] }) | undefined;
    if (diagnostic.source !== SOURCE || !data || data.version !== document.version) continue;
    const plans = data.fixes ?? [];
    // Only a safe fix is preferred: VS Code's Auto Fix applies the preferred fix without a menu.
    const preferred = plans.find((plan) => plan.safety === 'safe');
    for (const plan of plans) {
      const edit = editForFix(text, syntax, plan);
      if (edit) actions.push(action(document, `${plan.title} (${data.ruleId})`, CodeActionKind.QuickFix, edit, [diagnostic], plan === preferred));
    }
    if (plans.length > 0 && !seenRules.has(data.ruleId)) {
      seenRules.add(data.ruleId);
      const title = `Fix all ${data.ruleId} problems in this file`;
      if (options.fixableCount) {
        // Planned when chosen (codeAction/resolve): fixing every finding of a rule re-lints the file
        // per pass, too slow for a request the editor sends at every cursor move.
        if (options.fixableCount(data.ruleId) > 1) actions.push({ title, kind: CodeActionKind.QuickFix, data: { fixAllOfRule: data.ruleId, uri: document.uri, version: document.version } satisfies FixAllData });
      } else {
        const fixAll = cachedFixAll(document, data.ruleId, config, () => fixAllOfRule(path, text, data.ruleId, config.registry, lintConfig));
        if (fixAll && fixAll.count > 1) actions.push(action(document, title, CodeActionKind.QuickFix, fixAll.edit));
      }
    }
    const disable = disableEdit(document, syntax, diagnostic, data);
    if (disable) actions.push(action(document, disable.title, CodeActionKind.QuickFix, disable.edit, [diagnostic]));
    actions.push({
      title: `Show documentation for ${data.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${data.ruleId}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [data.ruleId] },
    });
  }
  return actions;
}

export interface CodeActionOptions {
  /**
   * When the client resolves code actions lazily: how many findings of a rule have a fix. "Fix all"
   * is then offered without its edit, which `resolveCodeAction` plans when the user picks it.
   */
  fixableCount?: (ruleId: string) => number;
}

interface FixAllData {
  fixAllOfRule: string;
  uri: string;
  version: number;
}

/** Plans the edit of a lazily offered "Fix all <rule>" action, against the version it was offered for. */
export function resolveCodeAction(codeAction: CodeAction, document: TextDocument, config: ResolvedConfig, lintConfig: LintConfig): CodeAction {
  const data = codeAction.data as Partial<FixAllData> | undefined;
  if (!data?.fixAllOfRule || data.version !== document.version) return codeAction;
  const fixAll = fixAllOfRule(lintPathOf(document), document.getText(), data.fixAllOfRule, config.registry, lintConfig);
  return fixAll ? { ...codeAction, edit: { changes: { [document.uri]: [toLsp(document, fixAll.edit)] } } } : codeAction;
}

/**
 * Clients that can't resolve actions get "Fix all" planned with the list; it is kept per document
 * version and configuration, since editors ask again at every cursor move.
 */
const recentFixAll = new Map<string, { config: ResolvedConfig; result: ReturnType<typeof fixAllOfRule> }>();
const RECENT_FIX_ALL = 32;

function cachedFixAll(document: TextDocument, ruleId: string, config: ResolvedConfig, plan: () => ReturnType<typeof fixAllOfRule>) {
  const key = `${document.uri}@${document.version}#${ruleId}`;
  const cached = recentFixAll.get(key);
  if (cached && cached.config === config) return cached.result;
  const result = plan();
  recentFixAll.set(key, { config, result });
  if (recentFixAll.size > RECENT_FIX_ALL) recentFixAll.delete(recentFixAll.keys().next().value as string);
  return result;
}

/** Every fix of one rule in the file (the first alternative of each finding), as one edit. */
function fixAllOfRule(path: string, text: string, ruleId: string, registry: ResolvedConfig['registry'], lintConfig: LintConfig) {
  const rules = Object.fromEntries(registry.rules.map((rule) => [rule.meta.id, rule.meta.id === ruleId ? ('warning' as const) : ('off' as const)]));
  let only: ResolvedConfig;
  try {
    only = resolveConfig(registry, { ...lintConfig, rules: { ...lintConfig.rules, ...rules } });
  } catch {
    only = resolveConfig(registry, { rules });
  }
  const fixed = fixText(path, text, only, 'unsafe');
  const edit = minimalEdit(text, fixed.text);
  return edit ? { edit, count: fixed.applied } : undefined;
}

/**
 * "Disable <rule> for this line" (YAML: a comment above, indented like the line) or, in JSON which
 * has no comments, "… for this resource" (resource `Metadata`). The reason is a placeholder that
 * counts as no reason until it is written.
 */
function disableEdit(document: TextDocument, syntax: FixSyntax, diagnostic: Diagnostic, data: DiagnosticData) {
  if (syntax === 'yaml') {
    const line = diagnostic.range.start.line;
    // A directive already above the line gets the rule added: a second comment line would sit
    // between it and its line and silence nothing.
    const above = line > 0 ? document.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } }).replace(/\r?\n$/, '') : '';
    const directive = /^([ \t]*#[ \t]*encryption-lint-disable-next-line[ \t]+)(.*?)([ \t]+--[ \t].*|[ \t]*)$/.exec(above);
    if (directive && directive[2].trim() !== '') {
      const offset = document.offsetAt({ line: line - 1, character: directive[1].length + directive[2].length });
      return { title: `Disable ${data.ruleId} for this line`, edit: { range: { start: offset, end: offset }, newText: `, ${data.ruleId}` } };
    }
    const lineText = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const indent = /^[ \t]*/.exec(lineText)![0];
    const offset = document.offsetAt({ line, character: 0 });
    const eol = document.getText().includes('\r\n') ? '\r\n' : '\n';
    return {
      title: `Disable ${data.ruleId} for this line`,
      edit: { range: { start: offset, end: offset }, newText: `${indent}# encryption-lint-disable-next-line ${data.ruleId} -- ${REASON_PLACEHOLDER}${eol}` },
    };
  }
  if (!data.resourceId) return undefined;
  const plan: FixPlan = {
    title: 'disable',
    safety: 'safe',
    intents: [{ kind: 'append', base: 'resource', resourceId: data.resourceId, path: ['Metadata', 'encryption-lint', 'ignore'], value: { id: data.ruleId, reason: REASON_PLACEHOLDER } }],
  };
  const edit = editForFix(document.getText(), syntax, plan);
  return edit ? { title: `Disable ${data.ruleId} for resource ${data.resourceId}`, edit } : undefined;
}
