import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPLIANT, ONE_FINDING } from '../support/cli-harness';
import { codes, TestClient } from './lsp-client';

const URI = 'file:///workspace/infra/data.cfn.yaml';
let clients: TestClient[] = [];
async function start(options?: ConstructorParameters<typeof TestClient>[0]) {
  const client = new TestClient(options);
  clients.push(client);
  await client.initialize();
  return client;
}
afterEach(async () => {
  await Promise.all(clients.map((client) => client.stop()));
  clients = [];
});

/** Line 7 (0-based) of ONE_FINDING ends the KMSMasterKeyID line; inserting after it fixes S3-003. */
const FIX_POSITION = { line: 10, character: 0 };
const FIX_TEXT = '            BucketKeyEnabled: true\n';

describe('language server over stdio', () => {
  it('announces incremental sync and hovers', async () => {
    const client = new TestClient();
    clients.push(client);
    const { capabilities } = await client.initialize();
    expect(capabilities.hoverProvider).toBe(true);
    expect(capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
  });

  it('publishes diagnostics on open with rule ID, source, severity, version and a documentation link', async () => {
    const client = await start();
    await client.open(URI, ONE_FINDING);
    const published = await client.waitFor(URI, (p) => p.diagnostics.length > 0);
    expect(published.version).toBe(1);
    expect(codes(published.diagnostics)).toEqual(['2:S3-003']);
    const [diagnostic] = published.diagnostics;
    expect(diagnostic).toMatchObject({
      source: 'encryption-lint',
      severity: 2,
      range: { start: { line: 2, character: 2 }, end: { line: 2, character: 6 } },
      data: { ruleId: 'S3-003', version: 1 },
    });
    expect(diagnostic.codeDescription?.href).toMatch(/^file:\/\/.*\/rules\/s3-bucket-key\.md$/);
    expect(existsSync(fileURLToPath(diagnostic.codeDescription!.href))).toBe(true);
  });

  it('re-lints as you type (incremental changes, unsaved) and clears on close', async () => {
    const client = await start();
    await client.open(URI, ONE_FINDING);
    await client.waitFor(URI, (p) => p.diagnostics.length === 1);
    await client.change(URI, 2, { start: FIX_POSITION, end: FIX_POSITION }, FIX_TEXT);
    const fixed = await client.waitFor(URI, (p) => p.version === 2);
    expect(fixed.diagnostics).toEqual([]);
    await client.close(URI);
    await client.waitFor(URI, (p) => p.version === undefined && p.diagnostics.length === 0);
  });

  it('never publishes an older version after a newer one', async () => {
    const client = await start();
    await client.open(URI, ONE_FINDING);
    for (let version = 2; version <= 30; version++) {
      await client.change(URI, version, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, `# edit ${version}\n`);
    }
    await client.waitFor(URI, (p) => p.version === 30);
    const versions = client.published.filter((p) => p.uri === URI).map((p) => p.version ?? 0);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    // Typing bursts are coalesced: far fewer lints than keystrokes.
    expect(versions.length).toBeLessThan(30);
  });

  it('reports a syntax error at its position as one diagnostic', async () => {
    const client = await start();
    await client.open(URI, ONE_FINDING.replace('    Type: AWS::S3::Bucket\n', '    Type: [AWS::S3::Bucket\n'));
    const published = await client.waitFor(URI, (p) => p.diagnostics.length > 0);
    expect(published.diagnostics.filter((d) => d.code === 'syntax-error')).toHaveLength(1);
  });

  it('stays quiet on files that are not templates', async () => {
    const client = await start();
    const uri = 'file:///workspace/.github/workflows/ci.yaml';
    await client.open(uri, 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
    const published = await client.waitFor(uri, () => true);
    expect(published.diagnostics).toEqual([]);
  });

  it('hovers a bucket with its effective encryption and the KMS request estimate', async () => {
    const client = await start();
    await client.open(URI, ONE_FINDING);
    await client.waitFor(URI, (p) => p.diagnostics.length === 1);
    const hover = await client.hover(URI, 2, 4);
    expect(hover?.contents.kind).toBe('markdown');
    const text = hover!.contents.value;
    expect(text).toContain('**S3 bucket `Data`** (AWS::S3::Bucket)');
    expect(text).toContain('| Encryption | SSE-KMS (aws:kms) | written (line 9) |');
    expect(text).toContain('| Bucket Key | off: every object read and write calls KMS | AWS default (not written) |');
    expect(text).toContain('| SSE-C | blocked | written (line 12) |');
    expect(text).toContain('| TLS only | enforced: bucket policy DataPolicy denies plain HTTP | bucket policy (line 13) |');
    expect(text).toContain('- without a Bucket Key: 10,000,000 KMS requests ≈ $30.00/month ← this bucket');
    expect(text).toContain('- with a Bucket Key: up to 99% fewer, ≈ 100,000 requests ≈ $0.30/month');
    expect(await client.hover(URI, 4, 8)).toBeNull();
  });

  it('hovers a key with its spec, rotation, policy and the buckets that use it', async () => {
    const client = await start();
    const text = `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt Key.Arn
`;
    await client.open(URI, text);
    await client.waitFor(URI, () => true);
    const hover = (await client.hover(URI, 1, 3))!.contents.value;
    expect(hover).toContain('**KMS key `Key`** (AWS::KMS::Key)');
    expect(hover).toContain('| Spec | SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT | AWS default (not written) |');
    expect(hover).toContain('| Rotation | on, every 365 days | written (line 5) |');
    expect(hover).toContain('- Allow kms:* to the account root');
    expect(hover).toContain('**Used by**: `Data` (line 6)');
    const bucketHover = (await client.hover(URI, 5, 3))!.contents.value;
    expect(bucketHover).toContain('| KMS key | customer-managed key Key, defined in this template | reference: !GetAtt Key.Arn (line 2) |');
  });
});

describe('settings', () => {
  it('applies per-rule severity and options from workspace/configuration, per folder (multi-root)', async () => {
    const a = 'file:///ws-a/data.cfn.yaml';
    const b = 'file:///ws-b/data.cfn.yaml';
    const client = await start({
      workspaceFolders: [
        { uri: 'file:///ws-a', name: 'a' },
        { uri: 'file:///ws-b', name: 'b' },
      ],
      settings: (scope) => (scope?.startsWith('file:///ws-a') ? { rules: { 's3-bucket-key': 'error' } } : { rules: { 'S3-003': 'off' } }),
    });
    await client.open(a, ONE_FINDING);
    await client.open(b, ONE_FINDING);
    const fromA = await client.waitFor(a, (p) => p.diagnostics.length === 1);
    expect(fromA.diagnostics[0].severity).toBe(1);
    const fromB = await client.waitFor(b, () => true);
    expect(fromB.diagnostics).toEqual([]);
  });

  it('run: onSave lints on open and save, not on every change', async () => {
    const client = await start({ settings: () => ({ run: 'onSave' }) });
    await client.open(URI, ONE_FINDING);
    await client.waitFor(URI, (p) => p.diagnostics.length === 1);
    await client.change(URI, 2, { start: FIX_POSITION, end: FIX_POSITION }, FIX_TEXT);
    await client.save(URI);
    const saved = await client.waitFor(URI, (p) => p.version === 2);
    expect(saved.diagnostics).toEqual([]);
    expect(client.published.filter((p) => p.uri === URI).map((p) => p.version)).toEqual([1, 2]);
  });

  it('enable: false publishes nothing; a compliant template publishes an empty list', async () => {
    const off = await start({ settings: () => ({ enable: false }) });
    await off.open(URI, ONE_FINDING);
    expect((await off.waitFor(URI, () => true)).diagnostics).toEqual([]);
    const on = await start();
    await on.open(URI, COMPLIANT);
    expect((await on.waitFor(URI, () => true)).diagnostics).toEqual([]);
  });

  it('uses the cost model from the settings in the hover', async () => {
    const client = await start({ settings: () => ({ costModel: { monthlyObjectRequests: 1_000_000, pricePer10kRequests: 0.05 } }) });
    await client.open(URI, ONE_FINDING);
    await client.waitFor(URI, (p) => p.diagnostics.length === 1);
    const text = (await client.hover(URI, 2, 4))!.contents.value;
    expect(text).toContain('- without a Bucket Key: 1,000,000 KMS requests ≈ $5.00/month');
  });
});

describe('while typing', () => {
  const FIXTURES = ['fixtures/rules/S3-003/bad.cfn.yaml', 'fixtures/rules/KMS-002/bad.cfn.yaml', 'examples/data-lake.cfn.yaml'];

  it.each(FIXTURES)('answers every prefix of %s typed a character at a time, never crashing', async (file) => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const text = readFileSync(join(__dirname, '..', '..', file), 'utf8');
    const client = await start();
    const uri = `file:///workspace/typed/${file.replace(/\//g, '_')}`;
    await client.open(uri, '');
    let line = 0;
    let character = 0;
    let version = 1;
    for (const ch of text) {
      version++;
      await client.change(uri, version, { start: { line, character }, end: { line, character } }, ch);
      if (ch === '\n') {
        line++;
        character = 0;
        // Let the server answer this prefix before typing on.
        await client.waitFor(uri, (p) => p.version === version, 20_000);
      } else character++;
    }
    const final = await client.waitFor(uri, (p) => p.version === version, 20_000);
    const { lintFixture } = await import('../support/lint-fixture');
    const expected = lintFixture(join(__dirname, '..', '..', file), {});
    expect(codes(final.diagnostics).sort()).toEqual(
      expected.findings.map((f) => `${expected.lines.position(f.range.start).line - 1}:${f.ruleId}`).sort(),
    );
  }, 120_000);

  it('keeps findings of the resources that still parse, and reports the syntax error once', async () => {
    const client = await start();
    const text = `${ONE_FINDING}  Key:
    Type: [AWS::KMS::Key
  Other:
    Type: AWS::KMS::Key
`;
    await client.open(URI, text);
    const published = await client.waitFor(URI, (p) => p.diagnostics.length > 0);
    expect(codes(published.diagnostics).sort()).toEqual(['2:S3-003', '27:KMS-001', '27:syntax-error'].sort());
  });

  it('reads a duplicate key as CloudFormation does and says so, without calling the template unparsable', async () => {
    const client = await start();
    const text = ONE_FINDING.replace('              SSEAlgorithm: aws:kms\n', '              SSEAlgorithm: aws:kms\n              SSEAlgorithm: AES256\n');
    await client.open(URI, text);
    const published = await client.waitFor(URI, (p) => p.diagnostics.length > 0);
    expect(codes(published.diagnostics).sort()).toEqual(['9:S3-001', '9:duplicate-key']);
    expect(published.diagnostics.find((d) => d.code === 'duplicate-key')!.message).toBe(
      'Duplicate key "SSEAlgorithm" (also on line 9): CloudFormation silently keeps only the last one; remove or rename the other.',
    );
  });

  it('reports the syntax error of a template whose only resource does not parse', async () => {
    const client = await start();
    const text = 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      WebsiteConfiguration:\n        IndexDocument: index.html\n    DeletionPolicy: Retain\n        ErrorDocument: error.html\n';
    await client.open(URI, text);
    const published = await client.waitFor(URI, (p) => p.diagnostics.length > 0);
    expect(codes(published.diagnostics)).toEqual(['6:syntax-error']);
  });

  it('withholds findings that may depend on a resource being typed', async () => {
    const client = await start();
    // The bucket policy is half-typed: without it the bucket would look unprotected (S3-005).
    const text = ONE_FINDING.replace("            Principal: '*'\n", "            Principal: ['*'\n");
    await client.open(URI, text);
    const published = await client.waitFor(URI, (p) => p.diagnostics.length > 0);
    expect(codes(published.diagnostics).filter((code) => !code.endsWith('syntax-error'))).toEqual([]);
    expect(published.diagnostics.filter((d) => d.code === 'syntax-error')).toHaveLength(1);
  });
});
