import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actualLines, expectedLines, lintFixture, readExpectations } from './support/lint-fixture';

const ROOT = join(__dirname, '..', 'fixtures');
const TEMPLATE = /\.(cfn\.ya?ml|cfn\.json)$/;

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// Fix goldens (bad.fixed.*) are checked by fix-goldens.test.ts; their annotations describe the unfixed file.
const templates = filesUnder(ROOT).filter((path) => TEMPLATE.test(path) && !path.includes('.fixed.')).sort();

describe('annotated fixtures: exact rule and line agreement', () => {
  it('has fixtures', () => expect(templates.length).toBeGreaterThan(20));

  for (const path of templates) {
    it(relative(ROOT, path), () => {
      const result = lintFixture(path);
      expect(result.errors).toEqual([]);
      expect(result.status).toBe('template');
      const expectations = readExpectations(path, result.text);
      expect(actualLines(result)).toEqual(expectedLines(expectations));
      for (const expectation of expectations.filter((e) => e.fragment)) {
        const finding = result.findings.find(
          (f) => f.ruleId === expectation.ruleId && result.lines.position(f.range.start).line === expectation.line,
        );
        expect(finding?.message).toContain(expectation.fragment);
      }
      if (/[\\/]good\./.test(path)) expect(result.findings).toEqual([]);
    });
  }
});

describe('detection: files that are not templates give nothing', () => {
  const folder = join(ROOT, 'detection');
  for (const path of filesUnder(folder).filter((p) => !p.endsWith('README.md'))) {
    it(relative(ROOT, path), () => {
      const result = lintFixture(path);
      expect(result.status).toBe('skipped');
      expect(result.findings).toEqual([]);
      expect(result.errors).toEqual([]);
    });
  }
});
