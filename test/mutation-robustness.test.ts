// Broken input never crashes the engine: every fixture, example and shared-corpus template is
// mutated at random (deterministic seed) the ways typing and bad merges break files — a span
// deleted, a token inserted, a line duplicated, re-indented or swapped, the file cut short — and
// each mutant must lint and fix without throwing; a fixed text must parse; and the editor's
// incremental YAML parser must find exactly what a full parse finds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixText, IncrementalYamlParser, lintText, parseTemplateText, resolveConfig } from '../server/src/engine';
import type { LintResult } from '../server/src/engine';
import { registry } from './support/lint-fixture';

const ROOT = join(__dirname, '..');
const MUTANTS_PER_FILE = 4;
const TOKENS = ['!Ref ', '!GetAtt ', '!If [', '!Sub ', '- ', ': ', '{', '}', '[', ']', '"', "'", '&a ', '*a', '<<: ', '\t', '\n', '\r\n', '#', '|', '>', '?', ',', '"Fn::If"', 'null', '~', '*', 'aws:kms', 'AWS::NoValue', '\uFEFF'];

function templates(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return templates(path);
    return /\.(ya?ml|json|template)$/.test(name) ? [path] : [];
  });
}

/** A small deterministic PRNG, so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

function mutate(text: string, next: () => number): string {
  const index = (length: number) => Math.floor(next() * length);
  const at = index(text.length + 1);
  const lines = text.split('\n');
  const i = index(lines.length);
  const j = index(lines.length);
  switch (index(6)) {
    case 0:
      return text.slice(0, at) + text.slice(at + index(40));
    case 1:
      return text.slice(0, at) + TOKENS[index(TOKENS.length)] + text.slice(at);
    case 2:
      lines.splice(i, 0, lines[j]);
      return lines.join('\n');
    case 3:
      lines[i] = next() < 0.5 ? `  ${lines[i]}` : lines[i].replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 4:
      return text.slice(0, at);
    default:
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
  }
}

const summary = (result: LintResult) => result.findings.map((finding) => `${finding.ruleId} ${JSON.stringify(finding.range)} ${finding.message}`);

describe('randomly broken templates', () => {
  it('lint and fix without throwing, fix to text that parses, and lint the same incrementally', () => {
    const config = resolveConfig(registry, {});
    const files = [...templates(join(ROOT, 'fixtures')), ...templates(join(ROOT, 'examples')), ...templates(join(ROOT, '..', 'shared', 'corpus'))];
    expect(files.length).toBeGreaterThan(100);
    const next = random(11);
    for (const path of files) {
      const original = readFileSync(path, 'utf8');
      for (let mutant = 0; mutant < MUTANTS_PER_FILE; mutant++) {
        let text = original;
        for (let step = 1 + Math.floor(next() * 3); step > 0; step--) text = mutate(text, next);
        const where = `${path} mutant ${mutant}:\n${text}`;
        try {
          const full = lintText(path, text, config);
          for (const level of ['safe', 'unsafe'] as const) {
            const fixed = fixText(path, text, config, level, { suggestions: level === 'unsafe' });
            if (fixed.applied > 0) expect(parseTemplateText(path, fixed.text).errors, where).toEqual([]);
          }
          if (/\.ya?ml$/.test(path) && full.errors.length === 0) {
            const parser = new IncrementalYamlParser();
            parser.parse(original);
            const incremental = lintText(path, text, config, { parse: (_path, body) => parser.parse(body) });
            expect(incremental.errors, where).toEqual([]);
            expect(summary(incremental), where).toEqual(summary(full));
          }
        } catch (error) {
          if ((error as Error).name === 'AssertionError') throw error;
          throw new Error(`${(error as Error).stack}\n\non ${where}`);
        }
      }
    }
  }, 120_000);
});
