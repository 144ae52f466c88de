import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules';
import { ruleTable } from './support/rule-table';

const README = join(__dirname, '..', 'README.md');
const START = '<!-- rule-table:start (generated from rule metadata: UPDATE_README=1 npx vitest run test/readme.test.ts) -->';
const END = '<!-- rule-table:end -->';

describe('README', () => {
  it('rule table matches the rule metadata', () => {
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start, 'README lacks the rule-table markers').toBeGreaterThan(-1);
    const expected = `${START}\n${ruleTable(RULES)}\n${END}`;
    const actual = text.slice(start, end + END.length);
    if (process.env.UPDATE_README === '1' && actual !== expected) {
      writeFileSync(README, text.replace(actual, expected));
      return;
    }
    expect(actual).toBe(expected);
  });

  it('Quick start has one code block with exactly two commands: build and lint the examples, then npm test', () => {
    const text = readFileSync(README, 'utf8');
    const section = text.split(/^## /m).find((part) => part.startsWith('Quick start'))!;
    const blocks = [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((match) => match[1].trim().split('\n'));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toHaveLength(2);
    expect(blocks[0][0]).toMatch(/^npm ci && npm run build && .*lsp-lint.* examples/);
    expect(blocks[0][1]).toBe('npm test');
  });

  it('every rule has its documentation page', () => {
    for (const rule of RULES) expect(existsSync(join(__dirname, '..', 'rules', `${rule.meta.name}.md`)), rule.meta.name).toBe(true);
  });
});
