import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncrementalYamlParser } from '../server/src/engine/parse/cloudformation/incremental-yaml';
import { parseYamlTemplate } from '../server/src/engine/parse/cloudformation/yaml-template';

const ROOT = join(__dirname, '..');
function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}
const files = [...yamlFiles(join(ROOT, 'fixtures')), ...yamlFiles(join(ROOT, 'examples'))];

/** A small deterministic PRNG, so failures reproduce. */
function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('incremental YAML parsing gives the full parser\'s tree', () => {
  it('on every YAML fixture and example', () => {
    expect(files.length).toBeGreaterThan(15);
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const full = parseYamlTemplate(text);
      const incremental = new IncrementalYamlParser().parse(text);
      if (full.errors.length > 0) expect(incremental.errors.length, path).toBeGreaterThan(0);
      else expect(incremental.tree, path).toEqual(full.tree);
    }
  });

  it('after random edits, reusing its cache between versions', () => {
    const next = random(7);
    for (const path of files.filter((file) => file.includes('rules'))) {
      const parser = new IncrementalYamlParser();
      let text = readFileSync(path, 'utf8');
      for (let step = 0; step < 25; step++) {
        const at = Math.floor(next() * text.length);
        const edits = ['x', '\n', ' ', ': ', '#', '', '- '];
        const insert = edits[Math.floor(next() * edits.length)];
        const remove = next() < 0.3 ? Math.floor(next() * 5) : 0;
        text = text.slice(0, at) + insert + text.slice(at + remove);
        const full = parseYamlTemplate(text);
        const incremental = parser.parse(text);
        if (full.errors.length > 0) expect(incremental.errors.length, `${path} step ${step}`).toBeGreaterThan(0);
        else {
          expect(incremental.errors, `${path} step ${step}`).toEqual([]);
          expect(incremental.tree, `${path} step ${step}`).toEqual(full.tree);
        }
      }
    }
  });

  it('keeps the resources that parse when one does not, and names the broken one', () => {
    const text = readFileSync(join(ROOT, 'examples', 'data-lake.cfn.yaml'), 'utf8');
    const broken = text.replace('    Type: AWS::KMS::Key\n', '    Type: [AWS::KMS::Key\n');
    const parsed = new IncrementalYamlParser().parse(broken);
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.brokenResources.map((resource) => resource.id)).toEqual(['DataLakeKey']);
    const resources = parsed.tree?.kind === 'map' ? parsed.tree.entries.find((entry) => entry.key === 'Resources')?.value : undefined;
    expect(resources?.kind === 'map' && resources.entries.length).toBeGreaterThan(3);
  });

  it('falls back to the full parser for anchors and aliases', () => {
    const text = 'Resources:\n  A: &a\n    Type: AWS::S3::Bucket\n  B: *a\n';
    expect(new IncrementalYamlParser().parse(text).tree).toEqual(parseYamlTemplate(text).tree);
  });
});
