import { describe, expect, it } from 'vitest';
import { lintBytes, lintText, MAX_FILE_BYTES, resolveConfig } from '../server/src/engine';
import { cli, ONE_FINDING, scratch } from './support/cli-harness';
import { registry } from './support/lint-fixture';

const config = resolveConfig(registry);
const encode = (text: string) => new TextEncoder().encode(text);

describe('bad input gets a clear message, never a crash', () => {
  it('skips files over 5 MB with a message', () => {
    const big = encode(ONE_FINDING + '#'.repeat(MAX_FILE_BYTES));
    const result = lintBytes('big.yaml', big, config);
    expect(result.status).toBe('skipped');
    expect(result.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/above the 5 MB limit/), unreadable: 'too-large' })]);
  });

  it('quietly skips a large non-template data file met while searching a folder, but not one named explicitly', () => {
    const root = scratch({ 'data/package-lock.json': `{"name": "x", "pad": "${'x'.repeat(MAX_FILE_BYTES)}"}` });
    expect(cli(['--format', 'json', '.'], root).code).toBe(0);
    const named = cli(['--format', 'json', 'data/package-lock.json'], root);
    expect(named.code).toBe(1);
    expect(JSON.parse(named.stdout).errors[0].message).toMatch(/5 MB/);
  });

  it('reports binary files', () => {
    const result = lintBytes('image.yaml', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), config);
    expect(result.errors[0].message).toBe('skipped: binary file (contains NUL bytes)');
  });

  it('reports files that are not UTF-8', () => {
    const latin1 = new Uint8Array([...encode('Description: caf'), 0xe9, 0x0a]);
    const result = lintBytes('latin1.yaml', latin1, config);
    expect(result.errors[0].message).toMatch(/not valid UTF-8/);
  });

  it('bounds YAML alias expansion (billion laughs)', () => {
    const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    lines.push('Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *a11');
    const started = performance.now();
    const result = lintText('laughs.yaml', lines.join('\n') + '\n', config);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toMatch(/aliases expand to more than 100,000 nodes/);
  });

  it('gives correct columns with CRLF line ends and a BOM', () => {
    const crlf = '\uFEFF' + ONE_FINDING.replace('Data:\n', 'Data:  \n').split('\n').join('\r\n');
    const result = lintBytes('crlf.yaml', encode(crlf), config);
    expect(result.findings).toHaveLength(1);
    expect(result.lines.position(result.findings[0].range.start)).toEqual({ line: 3, column: 3 });
    const explicit = lintText('aes.yaml', '\uFEFF' + ONE_FINDING.replace('SSEAlgorithm: aws:kms', 'SSEAlgorithm: AES256').split('\n').join('\r\n'), config);
    const aes = explicit.findings.find((finding) => finding.ruleId === 'S3-001')!;
    expect(explicit.lines.position(aes.range.start)).toEqual({ line: 9, column: 29 });
    expect(explicit.lines.position(aes.range.end)).toEqual({ line: 9, column: 35 });
  });

  it('columns count UTF-16 code units after non-ASCII text', () => {
    const text = ONE_FINDING.replace("AWSTemplateFormatVersion: '2010-09-09'", "AWSTemplateFormatVersion: '2010-09-09'\nDescription: 'Données 🔐'")
      .replace('SSEAlgorithm: aws:kms', "SSEAlgorithm: AES256 # 🔐 clé");
    const result = lintText('unicode.yaml', text, config);
    const aes = result.findings.find((finding) => finding.ruleId === 'S3-001')!;
    expect(result.lines.position(aes.range.start)).toEqual({ line: 10, column: 29 });
  });

  it('every prefix of a template gets an answer: one error at most, never a throw', () => {
    for (let end = 0; end <= ONE_FINDING.length; end += 3) {
      const result = lintText('partial.yaml', ONE_FINDING.slice(0, end), config);
      expect(result.errors.length).toBeLessThanOrEqual(1);
    }
  });
});
