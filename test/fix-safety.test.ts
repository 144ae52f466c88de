import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTextEdits, editForFix, lintText, parseTemplateText, resolveConfig, syntaxOf } from '../server/src/engine';
import type { Finding } from '../server/src/engine';
import { readFixtureConfig, registry } from './support/lint-fixture';

const ROOT = join(__dirname, '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');

function templates(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return templates(path);
    return /\.(ya?ml|json)$/.test(name) && !name.endsWith('.expect') ? [path] : [];
  });
}

const files = [...templates(join(ROOT, 'fixtures', 'rules')), ...templates(join(ROOT, 'fixtures', 'regressions')), ...templates(join(ROOT, 'examples')), ...templates(CORPUS).filter((path) => !path.endsWith('.jsonl'))];
const key = (finding: Finding) => `${finding.ruleId}|${finding.resource?.id}`;

describe('every offered fix is safe to apply', () => {
  it('parses, removes its finding, adds no finding of another rule, and changes only its span', () => {
    let applied = 0;
    const problems: string[] = [];
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const config = resolveConfig(registry, readFixtureConfig(path, text));
      const before = lintText(path, text, config);
      if (before.status !== 'template') continue;
      const syntax = syntaxOf(path, text);
      for (const finding of before.findings) {
        for (const plan of finding.fixes) {
          const where = `${relative(ROOT, path)} ${finding.ruleId} on ${finding.resource?.id}: "${plan.title}"`;
          const edit = editForFix(text, syntax, plan);
          if (!edit) {
            problems.push(`${where}: offered but could not be written`);
            continue;
          }
          applied++;
          const fixed = applyTextEdits(text, [edit]);
          expect(fixed.slice(0, edit.range.start)).toBe(text.slice(0, edit.range.start));
          expect(fixed.slice(edit.range.start + edit.newText.length)).toBe(text.slice(edit.range.end));
          if (parseTemplateText(path, fixed).errors.length > 0) {
            problems.push(`${where}: result does not parse`);
            continue;
          }
          const after = lintText(path, fixed, config);
          const same = (f: Finding) => key(f) === key(finding) && f.messageId === finding.messageId;
          if (after.findings.filter(same).length >= before.findings.filter(same).length) problems.push(`${where}: the finding is still there`);
          const previous = new Set(before.findings.map(key));
          for (const added of after.findings.filter((f) => f.ruleId !== finding.ruleId && !previous.has(key(f)))) {
            problems.push(`${where}: adds ${added.ruleId} on ${added.resource?.id}: ${added.message}`);
          }
        }
      }
    }
    console.log(`fix safety: ${applied} fixes applied over ${files.length} files`);
    if (problems.length) console.log(problems.join("\n"));
    expect(problems).toEqual([]);
    expect(applied).toBeGreaterThan(100);
  });
});
