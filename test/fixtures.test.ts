import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actualLines, expectedLines, lintFixture, readExpectations } from './support/lint-fixture';

const ROOT = join(__dirname, '..', 'fixtures');
const PARSE_ERROR = 'parse-error';
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
      expect(result.status).toBe('template');
      // `parse-error` annotates an error the template is still read around (a duplicate key).
      const all = readExpectations(path, result.text);
      const expectedErrors = all.filter((e) => e.ruleId === PARSE_ERROR);
      const expectations = all.filter((e) => e.ruleId !== PARSE_ERROR);
      expect(result.errors.map((error) => `${result.lines.position(error.range!.start).line}: ${PARSE_ERROR}`)).toEqual(expectedLines(expectedErrors));
      for (const expectation of expectedErrors.filter((e) => e.fragment)) {
        const messages = result.errors.filter((error) => result.lines.position(error.range!.start).line === expectation.line).map((error) => error.message);
        expect(messages).toEqual(expect.arrayContaining([expect.stringContaining(expectation.fragment!)]));
      }
      expect(actualLines(result)).toEqual(expectedLines(expectations));
      for (const expectation of expectations.filter((e) => e.fragment)) {
        // Several findings of one rule may share a line (resources made by one Fn::ForEach fragment).
        const messages = result.findings
          .filter((f) => f.ruleId === expectation.ruleId && result.lines.position(f.range.start).line === expectation.line)
          .map((f) => f.message);
        expect(messages).toEqual(expect.arrayContaining([expect.stringContaining(expectation.fragment!)]));
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
