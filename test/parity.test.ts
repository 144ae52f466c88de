import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules';
import { lintFixture } from './support/lint-fixture';

const RULE_FIXTURES = join(__dirname, '..', 'fixtures', 'rules');
const EXTENSIONS: Record<string, string[]> = { cloudformation: ['cfn.yaml', 'cfn.json'] };

/** Rule IDs reported in a file, with their counts: the same rule must fire the same way in every format. */
function firedRules(path: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of lintFixture(path).findings) counts[finding.ruleId] = (counts[finding.ruleId] ?? 0) + 1;
  return counts;
}

describe('parity: each rule is written once and fires alike in every format it covers', () => {
  it('has a fixture folder for every rule and no folder without a rule', () => {
    expect(readdirSync(RULE_FIXTURES).sort()).toEqual(RULES.map((rule) => rule.meta.id).sort());
  });

  for (const rule of RULES) {
    it(rule.meta.id, () => {
      const folder = join(RULE_FIXTURES, rule.meta.id);
      const extensions = rule.meta.formats.flatMap((format) => EXTENSIONS[format] ?? []);
      for (const kind of ['bad', 'good']) {
        for (const extension of extensions) expect(existsSync(join(folder, `${kind}.${extension}`)), `${kind}.${extension}`).toBe(true);
      }
      const [first, ...others] = extensions.map((extension) => firedRules(join(folder, `bad.${extension}`)));
      expect(first[rule.meta.id]).toBeGreaterThan(0);
      for (const other of others) expect(other).toEqual(first);
    });
  }
});

describe('examples/ (the Quick start lints them)', () => {
  const examples = join(__dirname, '..', 'examples');
  it('the compliant example is clean and the others have real findings', () => {
    for (const file of readdirSync(examples)) {
      const result = lintFixture(join(examples, file), {});
      expect(result.errors, file).toEqual([]);
      if (file.startsWith('secure-')) expect(result.findings, file).toEqual([]);
      else expect(result.findings.length, file).toBeGreaterThan(0);
    }
  });
});
