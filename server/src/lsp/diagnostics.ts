import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Diagnostic, Range } from 'vscode-languageserver/node';
import type { Finding, FixPlan, LineIndex, LintResult, Severity, SourceRange } from '../engine';

export const SOURCE = 'encryption-lint';

/** What the server puts in `Diagnostic.data`: enough for code actions to be a pure function of the request. */
export interface DiagnosticData {
  ruleId: string;
  messageId: string;
  resourceId?: string;
  version: number;
  /** The finding's fix plans (intents, not text): code actions turn them into edits on request. */
  fixes: FixPlan[];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The one place offsets become LSP positions (0-based line, UTF-16 character). */
export function toLspRange(lines: LineIndex, range: SourceRange): Range {
  const start = lines.position(range.start);
  const end = lines.position(range.end);
  return {
    start: { line: start.line - 1, character: start.column - 1 },
    end: { line: end.line - 1, character: end.column - 1 },
  };
}

/** Turns a lint result into diagnostics: findings, plus a syntax error where the template did not parse. */
export function toDiagnostics(result: LintResult, version: number, docsUri: (ruleName: string) => string | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = result.errors.map((error) => ({
    range: toLspRange(result.lines, error.range ?? { start: 0, end: 0 }),
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    ...(error.duplicateKey
      ? { code: 'duplicate-key', message: `${error.message[0].toUpperCase()}${error.message.slice(1)}.` }
      : { code: 'syntax-error', message: `This template does not parse: ${error.message}. Findings below this point may be missing until it does.` }),
  }));
  for (const finding of result.findings) diagnostics.push(toDiagnostic(result.lines, finding, version, docsUri));
  return diagnostics;
}

function toDiagnostic(lines: LineIndex, finding: Finding, version: number, docsUri: (ruleName: string) => string | undefined): Diagnostic {
  const href = docsUri(finding.ruleName);
  const data: DiagnosticData = { ruleId: finding.ruleId, messageId: finding.messageId, resourceId: finding.resource?.id, version, fixes: finding.fixes };
  return {
    range: toLspRange(lines, finding.range),
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    message: finding.message,
    data,
  };
}
