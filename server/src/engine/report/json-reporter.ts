import type { LineIndex, SourceRange } from '../model/range';
import type { FileReport, RunSummary } from './file-report';

export const JSON_OUTPUT_VERSION = 1;

function jsonRange(lines: LineIndex, range: SourceRange | undefined) {
  const start = lines.position(range?.start ?? 0);
  const end = lines.position(range?.end ?? 0);
  return { start, end };
}

/** The `lsp-lint --format json` contract, version 1 (ARCHITECTURE.md). Other tools read it: keep it stable. */
export function formatJson(reports: FileReport[], summary: RunSummary, toolVersion: string): string {
  const findings = reports.flatMap((report) =>
    report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      ruleName: finding.ruleName,
      severity: finding.severity,
      message: finding.message,
      file: report.file,
      range: jsonRange(report.lines, finding.range),
      ...(finding.resource ? { resource: finding.resource } : {}),
      fixes: finding.fixes.map((fix) => ({ title: fix.title, safety: fix.safety, ...(fix.suggestion ? { suggestion: true } : {}) })),
    })),
  );
  const errors = reports.flatMap((report) =>
    report.errors.map((error) => ({ file: report.file, message: error.message, range: jsonRange(report.lines, error.range) })),
  );
  const output = {
    version: JSON_OUTPUT_VERSION,
    tool: { name: 'encryption-lint', version: toolVersion },
    findings,
    errors,
    summary: { files: summary.files, findings: findings.length, errors: errors.length, durationMs: summary.durationMs },
  };
  return JSON.stringify(output, null, 2) + '\n';
}
