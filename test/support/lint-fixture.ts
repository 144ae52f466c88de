import { existsSync, readFileSync } from 'node:fs';
import { LineIndex, lintBytes, resolveConfig, RuleRegistry } from '../../server/src/engine';
import type { LintConfig, LintResult } from '../../server/src/engine';
import { RULES } from '../../rules';

export const registry = new RuleRegistry(RULES);

/** One expected finding: 1-based line, rule ID, optional message fragment. */
export interface Expectation {
  line: number;
  ruleId: string;
  fragment?: string;
}

const ANNOTATION = /(?:#|\/\/)\s*expect:\s*(.+)$/;
const ITEM = /^([A-Za-z0-9-]+?)(?:@([+-]?\d+))?(?:\s+"([^"]*)")?$/;

/**
 * Reads expectations: inline `# expect: S3-003[@+N] ["fragment"][, …]` comments, or for JSON a
 * `<file>.expect` sidecar of `LINE: RULE ["fragment"]` lines.
 */
export function readExpectations(path: string, text: string): Expectation[] {
  const sidecar = `${path}.expect`;
  if (existsSync(sidecar)) {
    return readFileSync(sidecar, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => {
        const match = /^(\d+):\s*([A-Za-z0-9-]+)(?:\s+"([^"]*)")?$/.exec(line);
        if (!match) throw new Error(`${sidecar}: cannot read "${line}"`);
        return { line: Number(match[1]), ruleId: match[2], fragment: match[3] };
      });
  }
  const expectations: Expectation[] = [];
  text.split(/\r\n|\n|\r/).forEach((content, index) => {
    const match = ANNOTATION.exec(content);
    if (!match) return;
    // Items are comma-separated; a quoted fragment may hold commas.
    for (const part of (match[1].match(/(?:[^,"]|"[^"]*")+/g) ?? []).map((item) => item.trim()).filter(Boolean)) {
      const item = ITEM.exec(part);
      if (!item) throw new Error(`${path}:${index + 1}: cannot read annotation "${part}"`);
      const offset = item[2] === undefined ? 0 : item[2].startsWith('+') || item[2].startsWith('-') ? Number(item[2]) : Number(item[2]) - (index + 1);
      expectations.push({ line: index + 1 + offset, ruleId: item[1], fragment: item[3] });
    }
  });
  return expectations;
}

/** Per-fixture configuration: `# encryption-lint-config: {...}` header, or a `<file>.config` sidecar. */
export function readFixtureConfig(path: string, text: string): LintConfig {
  const sidecar = `${path}.config`;
  if (existsSync(sidecar)) return JSON.parse(readFileSync(sidecar, 'utf8')) as LintConfig;
  const header = /^#\s*encryption-lint-config:\s*(\{.*\})\s*$/m.exec(text);
  return header ? (JSON.parse(header[1]) as LintConfig) : {};
}

/** Lints a fixture file as the CLI would. */
export function lintFixture(path: string, config?: LintConfig): LintResult & { text: string } {
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  const result = lintBytes(path, bytes, resolveConfig(registry, config ?? readFixtureConfig(path, text)));
  return { ...result, text };
}

/** `LINE: RULE` lines of actual findings, sorted, for exact comparison. */
export function actualLines(result: LintResult): string[] {
  return result.findings.map((finding) => `${result.lines.position(finding.range.start).line}: ${finding.ruleId}`).sort(byLine);
}

export function expectedLines(expectations: Expectation[]): string[] {
  return expectations.map((e) => `${e.line}: ${e.ruleId}`).sort(byLine);
}

function byLine(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
}

export { LineIndex };
