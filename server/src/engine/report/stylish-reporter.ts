import type { LineIndex, SourceRange } from '../model/range';
import type { Finding, Severity } from '../rules/rule';
import type { FileReport, RunSummary } from './file-report';

export interface StylishOptions {
  color: boolean;
  /** The one-line why of a finding: its message's own, else its rule's. */
  whyOf: (ruleId: string, messageId: string) => string | undefined;
}

const CODES = { red: 31, yellow: 33, blue: 34, dim: 2, bold: 1, underline: 4 } as const;

function paint(enabled: boolean, code: keyof typeof CODES, text: string): string {
  return enabled ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
}

const SEVERITY_COLOR: Record<Severity | 'parse', keyof typeof CODES> = { error: 'red', warning: 'yellow', info: 'blue', parse: 'red' };

/**
 * Human output: for each finding its position, severity, rule ID and name, the message, a code
 * frame with a caret under the range, and the rule's one-line why.
 */
export function formatStylish(reports: FileReport[], summary: RunSummary, options: StylishOptions): string {
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let parseErrors = 0;
  for (const report of reports) {
    if (report.findings.length === 0 && report.errors.length === 0) continue;
    out.push(paint(options.color, 'underline', report.file));
    for (const error of report.errors) {
      parseErrors++;
      const where = error.range ? positionText(report.lines, error.range) : '';
      out.push(`  ${where}${paint(options.color, 'red', 'error')}  ${error.message}`);
      if (error.range) out.push(...codeFrame(report.lines, error.range, options.color, 'parse'));
    }
    for (const finding of report.findings) {
      counts[finding.severity]++;
      out.push(...formatFinding(report.lines, finding, options));
    }
    out.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const fileWord = plural(summary.files, 'template');
  if (total === 0 && parseErrors === 0) {
    out.push(`No problems found (${fileWord} checked in ${summary.durationMs} ms).`);
  } else {
    const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.info} info`];
    const parse = parseErrors > 0 ? `, ${plural(parseErrors, 'file')} with errors` : '';
    out.push(paint(options.color, 'bold', `${plural(total, 'problem')} (${parts.join(', ')})${parse} in ${fileWord} (${summary.durationMs} ms).`));
  }
  return out.join('\n') + '\n';
}

function positionText(lines: LineIndex, range: SourceRange): string {
  const { line, column } = lines.position(range.start);
  return `${line}:${column}  `;
}

function formatFinding(lines: LineIndex, finding: Finding, options: StylishOptions): string[] {
  const color = options.color;
  const head = `  ${positionText(lines, finding.range)}${paint(color, SEVERITY_COLOR[finding.severity], finding.severity)}  ${paint(color, 'bold', `${finding.ruleId} ${finding.ruleName}`)}${finding.resource ? paint(color, 'dim', `  (${finding.resource.id})`) : ''}`;
  const result = [head, `    ${finding.message}`, ...codeFrame(lines, finding.range, color, finding.severity)];
  const why = options.whyOf(finding.ruleId, finding.messageId);
  if (why) result.push(paint(color, 'dim', `    why: ${why}`));
  return result;
}

/** The finding's first line, one line of context above, and a caret line under the range. */
function codeFrame(lines: LineIndex, range: SourceRange, color: boolean, severity: Severity | 'parse'): string[] {
  const line = lines.lineOf(range.start);
  const first = Math.max(0, line - 1);
  const width = String(line + 1).length;
  const frame: string[] = [];
  for (let current = first; current <= line; current++) {
    const marker = current === line ? '>' : ' ';
    frame.push(paint(color, 'dim', `    ${marker} ${String(current + 1).padStart(width)} | `) + expandTabs(lines.lineText(current)));
  }
  const lineStart = lines.lineStart(line);
  const lineText = lines.lineText(line);
  const startColumn = displayWidth(lineText.slice(0, range.start - lineStart));
  const endOffset = Math.min(range.end, lineStart + lineText.length);
  const length = Math.max(1, displayWidth(lineText.slice(range.start - lineStart, endOffset - lineStart)));
  frame.push(paint(color, 'dim', `      ${' '.repeat(width)} | `) + ' '.repeat(startColumn) + paint(color, SEVERITY_COLOR[severity], '^'.repeat(length)));
  return frame;
}

function expandTabs(text: string): string {
  return text.replace(/\t/g, '    ');
}

function displayWidth(text: string): number {
  return expandTabs(text).length;
}
