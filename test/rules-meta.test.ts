import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules';

const RULES_DIR = join(__dirname, '..', 'rules');
const CATALOG = ['S3-001', 'S3-002', 'S3-003', 'S3-004', 'S3-005', 'S3-006', 'S3-007', 'KMS-001', 'KMS-002', 'KMS-003', 'KMS-004'];

describe('rule registry', () => {
  it('holds every catalog rule once, in catalog order', () => {
    expect(RULES.map((rule) => rule.meta.id)).toEqual(CATALOG);
  });

  it('registers every rule file, and each name equals its file name', () => {
    const files = readdirSync(RULES_DIR).filter((file) => file.endsWith('.ts') && file !== 'index.ts').map((file) => file.slice(0, -3));
    expect(RULES.map((rule) => rule.meta.name).sort()).toEqual(files.sort());
  });

  it('uses every declared message in its source', () => {
    for (const rule of RULES) {
      const source = readFileSync(join(RULES_DIR, `${rule.meta.name}.ts`), 'utf8');
      for (const id of Object.keys(rule.meta.messages)) expect(source, `${rule.meta.id} ${id}`).toMatch(new RegExp(`['"]${id}['"]|messageId: verdict`));
    }
  });

  it('documents each rule with the required sections', () => {
    for (const rule of RULES) {
      const doc = readFileSync(join(RULES_DIR, `${rule.meta.name}.md`), 'utf8');
      expect(doc.startsWith(`# ${rule.meta.id} ${rule.meta.name}`), rule.meta.name).toBe(true);
      for (const section of ['## What it checks', '## Why it matters', '## Examples', '## Fix', '## Options']) {
        expect(doc, `${rule.meta.name}: ${section}`).toContain(section);
      }
      for (const option of Object.keys(rule.meta.options ?? {})) expect(doc, `${rule.meta.name} option ${option}`).toContain(option);
    }
  });
});
