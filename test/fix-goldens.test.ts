import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixText, lintText, parseTemplateText, resolveConfig } from '../server/src/engine';
import type { LintConfig } from '../server/src/engine';
import { RULES } from '../rules';
import { readFixtureConfig, registry } from './support/lint-fixture';

/**
 * Fix goldens: `bad.fixed.<ext>` is what applying every fix of the folder's rule to `bad.<ext>`
 * gives (the first alternative of each finding, in passes until nothing changes). Regenerate with
 * UPDATE_GOLDENS=1 and read the diff before committing it.
 */
const ROOT = join(__dirname, '..');

describe('fix goldens', () => {
  for (const rule of RULES.filter((candidate) => candidate.meta.fix)) {
    for (const extension of ['cfn.yaml', 'cfn.json']) {
      const bad = join(ROOT, 'fixtures', 'rules', rule.meta.id, `bad.${extension}`);
      const golden = join(ROOT, 'fixtures', 'rules', rule.meta.id, `bad.fixed.${extension}`);
      it(relative(ROOT, golden), () => {
        const text = readFileSync(bad, 'utf8');
        const base = readFixtureConfig(bad, text);
        // Only this rule runs, so only its fixes are applied.
        const only: LintConfig = { ...base, rules: Object.fromEntries(RULES.map((other) => [other.meta.id, other.meta.id === rule.meta.id ? 'warning' : 'off'])) };
        // Suggestions (editor-only) are applied too, so their output is pinned as well.
        const fixed = fixText(bad, text, resolveConfig(registry, only), 'unsafe', { suggestions: true });
        expect(fixed.applied, 'at least one fix applies').toBeGreaterThan(0);
        if (process.env.UPDATE_GOLDENS === '1') writeFileSync(golden, fixed.text);
        expect(existsSync(golden), `${relative(ROOT, golden)} exists`).toBe(true);
        expect(fixed.text).toBe(readFileSync(golden, 'utf8'));
        expect(parseTemplateText(golden, fixed.text).errors).toEqual([]);
        // What is left of the rule has no fix that could be written (Fn::If branches, unresolved paths).
        const after = lintText(golden, fixed.text, resolveConfig(registry, base));
        expect(after.findings.filter((finding) => finding.ruleId === rule.meta.id && finding.fixes.length > 0)).toEqual([]);
      });
    }
  }
});
