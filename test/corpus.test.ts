import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFixture } from './support/lint-fixture';

/**
 * The shared peer corpus: other linters' public CloudFormation fixtures with our verdicts
 * (`ours.jsonl`). `expected` is exhaustive for these six rules; S3-004 is left out on purpose.
 */
const JUDGED = new Set(['S3-001', 'S3-002', 'S3-003', 'S3-005', 'KMS-001', 'KMS-002']);
const CORPUS = join(__dirname, '..', '..', 'shared', 'corpus');

interface Verdict {
  file: string;
  format: string;
  expected: { rule: string; resource: string; line?: number }[];
  not_expected: { rule: string; resource: string }[];
}

function verdicts(): Verdict[] {
  return ['cfn_guard', 'cfn_nag', 'trivy'].flatMap((tool) =>
    readFileSync(join(CORPUS, tool, 'ours.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Verdict),
  );
}

describe('shared peer corpus (CloudFormation rows)', () => {
  it('is present beside the checkout', () => expect(existsSync(CORPUS)).toBe(true));

  it('reaches 95% recall and 95% precision, and passes every not_expected check', () => {
    const rows = verdicts().filter((row) => row.format === 'cloudformation');
    let matched = 0;
    let expectedTotal = 0;
    let unexpected = 0;
    let notExpectedViolations = 0;
    const disagreements: string[] = [];
    for (const row of rows) {
      const result = lintFixture(join(CORPUS, row.file), {});
      const actual = result.findings
        .filter((finding) => JUDGED.has(finding.ruleId))
        .map((finding) => ({ rule: finding.ruleId, resource: finding.resource?.id ?? '', line: result.lines.position(finding.range.start).line }));
      const unmatched = [...actual];
      for (const expected of row.expected.filter((e) => JUDGED.has(e.rule))) {
        expectedTotal++;
        const index = unmatched.findIndex((a) => a.rule === expected.rule && (a.resource === expected.resource || a.line === expected.line));
        if (index === -1) disagreements.push(`${row.file}: missed ${expected.rule} on ${expected.resource} (line ${expected.line})`);
        else {
          matched++;
          if (expected.line !== undefined && unmatched[index].line !== expected.line) {
            disagreements.push(`${row.file}: ${expected.rule} on ${expected.resource} at line ${unmatched[index].line}, corpus says ${expected.line} (matched by resource)`);
          }
          unmatched.splice(index, 1);
        }
      }
      for (const extra of unmatched) {
        unexpected++;
        disagreements.push(`${row.file}: unexpected ${extra.rule} on ${extra.resource} (line ${extra.line})`);
      }
      for (const forbidden of row.not_expected) {
        if (actual.some((a) => a.rule === forbidden.rule && a.resource === forbidden.resource)) {
          notExpectedViolations++;
          disagreements.push(`${row.file}: ${forbidden.rule} on ${forbidden.resource} must not be reported`);
        }
      }
    }
    const recall = expectedTotal === 0 ? 1 : matched / expectedTotal;
    const precision = matched + unexpected === 0 ? 1 : matched / (matched + unexpected);
    console.log(
      `peer corpus: ${rows.length} CloudFormation files, ${expectedTotal} expected findings, ` +
        `recall ${(recall * 100).toFixed(1)}%, precision ${(precision * 100).toFixed(1)}%, ` +
        `not_expected violations ${notExpectedViolations}` +
        (disagreements.length ? `\n  ${disagreements.join('\n  ')}` : ''),
    );
    expect(rows.length).toBeGreaterThan(40);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(notExpectedViolations).toBe(0);
  });
});
