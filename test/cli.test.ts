import { describe, expect, it } from 'vitest';
import { cli, COMPLIANT, ONE_FINDING, scratch } from './support/cli-harness';

describe('lsp-lint --format json (contract version 1)', () => {
  it('reports findings with 1-based positions, relative paths and the resource', () => {
    const root = scratch({ 'infra/data.cfn.yaml': ONE_FINDING, 'infra/ok.yaml': COMPLIANT });
    const run = cli(['--format', 'json', 'infra'], root);
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout);
    expect(Object.keys(output)).toEqual(['version', 'tool', 'findings', 'errors', 'summary']);
    expect(output.version).toBe(1);
    expect(output.tool.name).toBe('encryption-lint');
    expect(output.findings).toHaveLength(1);
    const [finding] = output.findings;
    expect(Object.keys(finding)).toEqual(['ruleId', 'ruleName', 'severity', 'message', 'file', 'range', 'resource', 'fixes']);
    expect(finding).toMatchObject({
      ruleId: 'S3-003',
      ruleName: 's3-bucket-key',
      severity: 'warning',
      file: 'infra/data.cfn.yaml',
      range: { start: { line: 3, column: 3 }, end: { line: 3, column: 7 } },
      resource: { id: 'Data', type: 'AWS::S3::Bucket' },
      fixes: [{ title: 'Enable the S3 Bucket Key', safety: 'safe' }],
    });
    expect(finding.message).toContain('every object read and write calls KMS');
    expect(output.errors).toEqual([]);
    expect(output.summary).toMatchObject({ files: 2, findings: 1, errors: 0 });
    expect(typeof output.summary.durationMs).toBe('number');
  });

  it('reports a template that fails to parse in errors, with its position, and exits 1', () => {
    const root = scratch({ 'broken.yaml': "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: [AWS::S3::Bucket\n" });
    const run = cli(['--format', 'json', '.'], root);
    expect(run.code).toBe(1);
    const output = JSON.parse(run.stdout);
    expect(output.findings).toEqual([]);
    expect(output.errors).toHaveLength(1);
    expect(output.errors[0].file).toBe('broken.yaml');
    expect(output.errors[0].range.start.line).toBeGreaterThanOrEqual(4);
    expect(output.errors[0].message).not.toMatch(/\n/);
  });
});

describe('lsp-lint exit codes and options', () => {
  it('exits 0 on a compliant template and says so', () => {
    const run = cli(['.'], scratch({ 'ok.cfn.yaml': COMPLIANT }));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No problems found (1 template checked');
  });

  it('exits 0 when findings are below --severity-threshold', () => {
    const root = scratch({ 'data.yaml': ONE_FINDING });
    expect(cli(['--severity-threshold', 'error'], root).code).toBe(0);
    expect(cli(['--severity-threshold=warning'], root).code).toBe(1);
  });

  it('--rule turns a rule off or changes its severity, by ID or name', () => {
    const root = scratch({ 'data.yaml': ONE_FINDING });
    const off = JSON.parse(cli(['--format=json', '--rule', 'S3-003=off'], root).stdout);
    expect(off.findings).toEqual([]);
    const raised = JSON.parse(cli(['--format=json', '--rule', 's3-bucket-key=error'], root).stdout);
    expect(raised.findings[0].severity).toBe('error');
  });

  it('--quiet reports errors only', () => {
    const root = scratch({ 'data.yaml': ONE_FINDING });
    const run = cli(['--quiet'], root);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it.each([
    [['--format', 'xml'], '--format must be stylish or json'],
    [['--rule', 'S3-003'], '--rule expects ID=off|info|warning|error'],
    [['--rule', 'S3-999=off'], 'unknown rule "S3-999"'],
    [['--profile', 'strict'], 'unknown profile "strict"'],
    [['--bogus'], 'unknown option --bogus'],
    [['--severity-threshold', 'fatal'], '--severity-threshold must be info, warning or error'],
    [['does-not-exist'], 'no such file or folder: does-not-exist'],
  ])('exits 2 on %j', (argv, message) => {
    const run = cli(argv, scratch({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('prints help and version', () => {
    expect(cli(['--help'], scratch({})).stdout).toContain('Usage: lsp-lint [options] [paths...]');
    expect(cli(['--version'], scratch({})).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('skips node_modules, .git and cdk.out, and files that are not templates', () => {
    const root = scratch({
      'node_modules/pkg/t.yaml': ONE_FINDING,
      '.git/t.yaml': ONE_FINDING,
      'cdk.out/Stack.template.json': '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}',
      '.github/workflows/ci.yaml': 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      'package.json': '{"name": "x"}',
      'ok.yaml': COMPLIANT,
    });
    const output = JSON.parse(cli(['--format', 'json'], root).stdout);
    expect(output.findings).toEqual([]);
    expect(output.errors).toEqual([]);
    expect(output.summary.files).toBe(1);
  });

  it('--profile dsse turns on S3-007', () => {
    const root = scratch({ 'data.yaml': COMPLIANT });
    const output = JSON.parse(cli(['--format', 'json', '--profile', 'dsse'], root).stdout);
    expect(output.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['S3-007']);
  });
});

describe('stylish output', () => {
  it('shows position, severity, rule ID and name, message, a code frame with a caret, and the why', () => {
    const run = cli(['--no-color', 'data.yaml'], scratch({ 'data.yaml': ONE_FINDING }));
    expect(run.stdout).toContain('data.yaml\n  3:3  warning  S3-003 s3-bucket-key  (Data)\n');
    expect(run.stdout).toContain('    > 3 |   Data:\n        |   ^^^^\n');
    expect(run.stdout).toContain('    why: Without a Bucket Key every object read and write calls KMS');
    expect(run.stdout).toContain('1 problem (0 errors, 1 warning, 0 info) in 1 template');
  });

  it("prints a message's own why where the rule's would contradict it", () => {
    const key = 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n      RotationPeriodInDays: 730\n';
    const run = cli(['--no-color', 'key.yaml'], scratch({ 'key.yaml': key }));
    expect(run.stdout).toContain('KMS-001 kms-key-rotation  (Key)\n    KMS key Key rotates only every 730 days');
    expect(run.stdout).toContain('    why: The longer a rotation period, the more data one key material protects');
    expect(run.stdout).not.toContain('Without rotation');
  });
});

describe('suppressions through the CLI', () => {
  const suppressed = ONE_FINDING.replace('  Data:\n', '  # encryption-lint-disable-next-line S3-003 -- small bucket, cost accepted\n  Data:\n');
  it('a reasoned suppression silences the finding', () => {
    const run = cli(['--format', 'json'], scratch({ 'data.yaml': suppressed }));
    expect(JSON.parse(run.stdout).findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a suppression of a rule that is turned off is not reported as unused', () => {
    const run = cli(['--format', 'json', '--rule', 'S3-003=off'], scratch({ 'data.yaml': suppressed }));
    expect(JSON.parse(run.stdout).findings).toEqual([]);
  });

  it('an unused suppression is an info finding on the comment line', () => {
    const text = COMPLIANT.replace('  Data:\n', '  # encryption-lint-disable-next-line S3-003 -- was needed once\n  Data:\n');
    const output = JSON.parse(cli(['--format', 'json'], scratch({ 'data.yaml': text })).stdout);
    expect(output.findings.map((f: { ruleId: string; severity: string; range: { start: { line: number; column: number } } }) => [f.ruleId, f.severity, f.range.start])).toEqual([
      ['unused-suppression', 'info', { line: 3, column: 3 }],
    ]);
  });
});

describe('lsp-lint --fix', () => {
  it('--fix applies safe fixes in place, keeps the file mode, and reports what remains', async () => {
    const { readFileSync, statSync, chmodSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = scratch({ 'data.yaml': ONE_FINDING });
    chmodSync(join(root, 'data.yaml'), 0o640);
    const run = cli(['--fix', '--format', 'json', 'data.yaml'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('lsp-lint: applied 1 fix in 1 file\n');
    expect(JSON.parse(run.stdout).findings).toEqual([]);
    expect(readFileSync(join(root, 'data.yaml'), 'utf8')).toBe(
      ONE_FINDING.replace('              EncryptionType: [SSE-C]\n', '              EncryptionType: [SSE-C]\n            BucketKeyEnabled: true\n'),
    );
    expect(statSync(join(root, 'data.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(root)).toEqual(['data.yaml']);
  });

  it('--fix leaves unsafe fixes alone; --fix-unsafe applies them', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const aes = COMPLIANT.replace('SSEAlgorithm: aws:kms', 'SSEAlgorithm: AES256');
    const root = scratch({ 'data.yaml': aes });
    const safe = cli(['--fix', '--format', 'json', '.'], root);
    expect(JSON.parse(safe.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['S3-001']);
    expect(readFileSync(join(root, 'data.yaml'), 'utf8')).toBe(aes);
    const unsafe = cli(['--fix-unsafe', '--format', 'json', '.'], root);
    expect(JSON.parse(unsafe.stdout).findings).toEqual([]);
    const fixed = readFileSync(join(root, 'data.yaml'), 'utf8');
    expect(fixed).toContain('  DataKey:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: Encrypts the objects of Data\n      EnableKeyRotation: true\n');
    expect(fixed).toContain('              SSEAlgorithm: aws:kms\n');
    expect(fixed).toContain('              KMSMasterKeyID: !GetAtt DataKey.Arn\n');
  });

  it('--fix-dry-run prints a unified diff and writes nothing', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = scratch({ 'data.yaml': ONE_FINDING });
    const run = cli(['--fix-dry-run', 'data.yaml'], root);
    expect(run.stdout).toBe(
      [
        '--- a/data.yaml',
        '+++ b/data.yaml',
        '@@ -10,6 +10,7 @@',
        '               KMSMasterKeyID: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        '             BlockedEncryptionTypes:',
        '               EncryptionType: [SSE-C]',
        '+            BucketKeyEnabled: true',
        '   DataPolicy:',
        '     Type: AWS::S3::BucketPolicy',
        '     Properties:',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe('lsp-lint: would apply 1 fix in 1 file\n');
    expect(readFileSync(join(root, 'data.yaml'), 'utf8')).toBe(ONE_FINDING);
  });
});

describe('suggestions', () => {
  it('are listed in the JSON output but never applied by --fix-unsafe', () => {
    const key = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal:\n              AWS: '*'\n            Action: kms:Decrypt\n            Resource: '*'\n          - Effect: Allow\n            Principal:\n              AWS: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:root\n            Action: kms:*\n            Resource: '*'\n";
    const root = scratch({ 'key.yaml': key });
    const listed = JSON.parse(cli(['--format', 'json', '.'], root).stdout).findings[0];
    expect(listed.fixes).toEqual([{ title: 'Limit the statement to this account (kms:CallerAccount)', safety: 'unsafe', suggestion: true }]);
    const run = cli(['--fix-unsafe', '--format', 'json', '.'], root);
    expect(run.stderr).toBe('lsp-lint: applied 0 fixes in 0 files\n');
    expect(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['KMS-002']);
  });
});
