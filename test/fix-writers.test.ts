import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTextEdits, editForFix, fixText, lintText, resolveConfig, unifiedDiff } from '../server/src/engine';
import type { Finding } from '../server/src/engine';
import { COMPLIANT } from './support/cli-harness';
import { registry } from './support/lint-fixture';

const config = resolveConfig(registry);

function firstFix(path: string, text: string, ruleId: string, pick: (f: Finding) => boolean = () => true) {
  const finding = lintText(path, text, config).findings.find((f) => f.ruleId === ruleId && pick(f));
  return finding;
}

function applyFirst(path: string, text: string, ruleId: string): string {
  const finding = firstFix(path, text, ruleId)!;
  const edit = editForFix(text, path.endsWith('.json') ? 'json' : 'yaml', finding.fixes[0])!;
  return applyTextEdits(text, [edit]);
}

describe('fix writers keep everything they do not change', () => {
  it('JSON: inserts into a one-line resource without reformatting it', () => {
    const text = '{\n  "Resources": {\n    "Key": { "Type": "AWS::KMS::Key", "Properties": { "Description": "k" } }\n  }\n}\n';
    expect(applyFirst('t.cfn.json', text, 'KMS-001')).toBe(
      '{\n  "Resources": {\n    "Key": { "Type": "AWS::KMS::Key", "Properties": { "Description": "k", "EnableKeyRotation": true } }\n  }\n}\n',
    );
  });

  it('JSON: writes intrinsics on one line, as templates do', () => {
    const text = JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } } } } }, null, 2);
    expect(applyFirst('t.cfn.json', text, 'S3-001')).toContain('"KMSMasterKeyID": {"Fn::GetAtt": ["BKey", "Arn"]}');
  });

  it('YAML: keeps a comment after an empty key it fills', () => {
    const text = 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:  # TODO: rotation\n';
    expect(applyFirst('t.yaml', text, 'KMS-001')).toBe('Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:  # TODO: rotation\n      EnableKeyRotation: true\n');
  });

  it('YAML: follows the file\'s convention for blank lines between resources', () => {
    const adjacent = 'Resources:\n  Other:\n    Type: AWS::SQS::Queue\n  B:\n    Type: AWS::S3::Bucket\n';
    const fixed = fixText('t.yaml', adjacent, resolveConfig(registry, { rules: { 'S3-001': 'off', 'S3-004': 'off' } }), 'unsafe').text;
    expect(fixed).toContain('    Type: AWS::S3::Bucket\n  BPolicy:\n');
    const spaced = 'Resources:\n  Other:\n    Type: AWS::SQS::Queue\n\n  B:\n    Type: AWS::S3::Bucket\n';
    expect(fixText('t.yaml', spaced, resolveConfig(registry, { rules: { 'S3-001': 'off', 'S3-004': 'off' } }), 'unsafe').text).toContain('    Type: AWS::S3::Bucket\n\n  BPolicy:\n');
  });

  it('a unified diff of a CRLF file keeps its line ends', () => {
    expect(unifiedDiff('f', 'a\r\nb\r\n', 'a\r\nc\r\n')).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n');
  });

  it('a unified diff marks a last line without a newline, and applies with git apply', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const before = 'a\nb\nc';
    const after = 'a\nB\nc\nd';
    const diff = unifiedDiff('f', before, after);
    expect(diff).toBe('--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n a\n-b\n-c\n\\ No newline at end of file\n+B\n+c\n+d\n\\ No newline at end of file\n');
    const dir = mkdtempSync(join(tmpdir(), 'diff-'));
    writeFileSync(join(dir, 'f'), before);
    execFileSync('git', ['apply', '-p1', '-'], { cwd: dir, input: diff });
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe(after);
  });
});

describe('fixes that would deploy wrong are not offered', () => {
  it('a new key never takes the name of a parameter', () => {
    const text = 'Parameters:\n  BKey:\n    Type: String\nResources:\n  B:\n    Type: AWS::S3::Bucket\n';
    expect(firstFix('t.yaml', text, 'S3-001')!.fixes.map((plan) => plan.title)).toEqual(['Switch to a new customer-managed KMS key (BKey2)']);
  });

  it('a key that exists only under a condition is not offered to an unconditional bucket', () => {
    const text = 'Resources:\n  ProdKey:\n    Type: AWS::KMS::Key\n    Condition: IsProd\n    Properties:\n      EnableKeyRotation: true\n  B:\n    Type: AWS::S3::Bucket\n';
    expect(firstFix('t.yaml', text, 'S3-001')!.fixes.map((plan) => plan.title)).toEqual(['Switch to a new customer-managed KMS key (BKey)']);
  });

  it('a key or bucket policy created for a conditional bucket is created under the same condition', () => {
    const yaml = 'Conditions:\n  Create: !Equals [a, a]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Condition: Create\n';
    expect(applyFirst('t.yaml', yaml, 'S3-001')).toContain('  BKey:\n    Type: AWS::KMS::Key\n    Condition: Create\n    Properties:\n');
    expect(applyFirst('t.yaml', yaml, 'S3-005')).toContain('  BPolicy:\n    Type: AWS::S3::BucketPolicy\n    Condition: Create\n    Properties:\n');
    const json = '{\n  "Conditions": {"Create": {"Fn::Equals": ["a", "a"]}},\n  "Resources": {\n    "B": {"Type": "AWS::S3::Bucket", "Condition": "Create"}\n  }\n}\n';
    expect(applyFirst('t.json', json, 'S3-001')).toContain('"BKey": {\n      "Type": "AWS::KMS::Key",\n      "Condition": "Create",\n      "Properties": {');
  });

  it('a key switch on a replicating bucket is an editor suggestion that names the replication caveat', () => {
    const text = readFileSync(join(__dirname, '..', 'fixtures', 'regressions', 'replication-source-key-switch.cfn.yaml'), 'utf8');
    expect(firstFix('t.yaml', text, 'S3-001')!.fixes.map((plan) => [plan.title, plan.suggestion])).toEqual([
      ['Switch to a new customer-managed KMS key (SourceKey), then let its replication rules copy SSE-KMS objects', true],
    ]);
    expect(fixText('t.yaml', text, config, 'unsafe').text).toBe(text);
    const disabled = text.replace('- Status: Enabled', '- Status: Disabled');
    expect(firstFix('t.yaml', disabled, 'S3-001')!.fixes.map((plan) => plan.suggestion)).toEqual([undefined]);
  });

  it('a key switch on a bucket read through a CloudFront origin access identity is a suggestion', () => {
    const text = readFileSync(join(__dirname, '..', 'fixtures', 'regressions', 'cloudfront-oai-key-switch.cfn.yaml'), 'utf8');
    expect(firstFix('t.yaml', text, 'S3-001')!.fixes.map((plan) => [plan.title, plan.suggestion])).toEqual([
      ['Switch to a new customer-managed KMS key (SiteKey), after moving CloudFront from the origin access identity to origin access control', true],
    ]);
  });

  it('a key created for a bucket that AWS services write to lets those services use it', () => {
    const text = readFileSync(join(__dirname, '..', 'fixtures', 'regressions', 'service-delivery-bucket.cfn.yaml'), 'utf8');
    expect(applyFirst('t.yaml', text, 'S3-001')).toContain(
      '          - Sid: AllowServiceDeliveries\n            Effect: Allow\n            Principal:\n              Service: [cloudtrail.amazonaws.com, config.amazonaws.com]\n            Action: [kms:GenerateDataKey*, kms:Decrypt]\n',
    );
    // Only services allowed to write objects count: GetBucketAcl alone does not.
    const aclOnly = text.replace('Action: s3:PutObject', 'Action: s3:GetObject');
    expect(applyFirst('t.yaml', aclOnly, 'S3-001')).not.toContain('AllowServiceDeliveries');
  });

  it('S3-006 suggests the key ARN in place of a key ID or alias reference, but never rewrites a parameter', () => {
    const yaml = 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !Ref Key\n';
    const plans = firstFix('t.yaml', yaml, 'S3-006')!.fixes;
    expect(plans.map((plan) => [plan.title, plan.suggestion])).toEqual([['Use the key ARN (!GetAtt Key.Arn)', true]]);
    expect(applyFirst('t.yaml', yaml, 'S3-006')).toBe(yaml.replace('KMSMasterKeyID: !Ref Key', 'KMSMasterKeyID: !GetAtt Key.Arn'));
    const json = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key' }, B: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { Ref: 'Key' } } }] } } } } }, null, 2);
    expect(applyFirst('t.json', json, 'S3-006')).toBe(json.replace(/\{\s*"Ref": "Key"\s*\}/, '{"Fn::GetAtt": ["Key", "Arn"]}'));
    const viaParameter = 'Parameters:\n  KeyRef:\n    Type: String\n    Default: alias/data\n' + yaml.replace('KMSMasterKeyID: !Ref Key', 'KMSMasterKeyID: !Ref KeyRef').replace('  B:\n', '  Alias:\n    Type: AWS::KMS::Alias\n    Properties:\n      AliasName: alias/data\n      TargetKeyId: !Ref Key\n  B:\n');
    expect(firstFix('t.yaml', viaParameter, 'S3-006')!.fixes).toEqual([]);
  });

  it('a key with imported material (Origin: EXTERNAL) is not offered as a switch target', () => {
    const text = 'Resources:\n  Imported:\n    Type: AWS::KMS::Key\n    Properties:\n      Origin: EXTERNAL\n  B:\n    Type: AWS::S3::Bucket\n';
    expect(firstFix('t.yaml', text, 'S3-001')!.fixes.map((plan) => plan.title)).toEqual(['Switch to a new customer-managed KMS key (BKey)']);
    const native = text.replace('      Origin: EXTERNAL\n', '      EnableKeyRotation: true\n');
    expect(firstFix('t.yaml', native, 'S3-001')!.fixes.map((plan) => plan.title)).toEqual(['Switch to the customer-managed KMS key Imported', 'Switch to a new customer-managed KMS key (BKey)']);
  });

  it('a TLS deny statement gets a Sid the policy does not use yet', () => {
    const text = COMPLIANT.replace("aws:SecureTransport: false", "aws:SecureTransport: false\n          - Sid: DenyInsecureTransport\n            Effect: Deny\n            Principal: '*'\n            Action: s3:GetObject\n            Resource: '*'").replace("            Action: 's3:*'\n            Resource: [!GetAtt Data.Arn, !Sub '${Data.Arn}/*']\n            Condition:\n              Bool:\n                aws:SecureTransport: false\n", "            Action: 's3:*'\n            Resource: [!GetAtt Data.Arn, !Sub '${Data.Arn}/*']\n            Condition:\n              Bool:\n                aws:SecureTransport: true\n");
    // An inverted deny (SecureTransport true) is not patched by adding a second one: that would deny everything.
    expect(firstFix('t.yaml', text, 'S3-005')!.fixes).toEqual([]);
    const plain = COMPLIANT.replace("aws:SecureTransport: false", "aws:SecureTransport: maybe");
    const [plan] = firstFix('t.yaml', plain, 'S3-005')!.fixes;
    expect(JSON.stringify(plan.intents)).toContain('"Sid":"DenyInsecureTransport"');
  });

  it('NONE next to SSE-C is not replaced by a second SSE-C', () => {
    const text = COMPLIANT.replace('EncryptionType: [SSE-C]', 'EncryptionType: [NONE, SSE-C]');
    expect(firstFix('t.yaml', text, 'S3-004')!.fixes).toEqual([]);
  });

  it('two rules fixing one bucket take turns: one fix per resource per pass', () => {
    const text = COMPLIANT.replace('SSEAlgorithm: aws:kms', 'SSEAlgorithm: AES256').replace('  DataPolicy:', '  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  DataPolicy:');
    const fixed = fixText('t.yaml', text, resolveConfig(registry, { profile: 'dsse' }), 'unsafe');
    expect(fixed.result.findings.map((f) => `${f.ruleId}:${f.messageId}`)).toEqual([]);
    expect(fixed.text).toContain('SSEAlgorithm: aws:kms:dsse');
    expect(fixed.text).toContain('BucketKeyEnabled: false');
  });
});

describe('empty values', () => {
  it.each([
    ['Properties:\n', 'Properties:\n      EnableKeyRotation: true\n'],
    ['Properties: ~\n', 'Properties:\n      EnableKeyRotation: true\n'],
    ['Properties:\n      EnableKeyRotation:\n', 'Properties:\n      EnableKeyRotation: true\n'],
  ])('YAML %j is filled in place', (properties, expected) => {
    const text = `Resources:\n  Key:\n    Type: AWS::KMS::Key\n    ${properties}`;
    const finding = lintText('t.yaml', text, config).findings.find((f) => f.ruleId === 'KMS-001');
    if (properties.includes('EnableKeyRotation:')) {
      // An empty EnableKeyRotation is unresolved (not false): no finding to fix.
      expect(finding).toBeUndefined();
      return;
    }
    const edit = editForFix(text, 'yaml', finding!.fixes[0])!;
    expect(applyTextEdits(text, [edit])).toBe(`Resources:\n  Key:\n    Type: AWS::KMS::Key\n    ${expected}`);
  });
});

describe('block scalars keep their value', () => {
  it('a property inserted after a |+ block scalar leaves its kept line breaks in it', async () => {
    const { parseTemplateText } = await import('../server/src/engine');
    const text = 'Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      Description: |+\n        keep\n\n  Other:\n    Type: AWS::SQS::Queue\n';
    const fixed = applyFirst('t.yaml', text, 'KMS-001');
    const description = (tree: ReturnType<typeof parseTemplateText>['tree']) => JSON.stringify(tree).match(/"Description"[^}]*"value":("[^"]*")/)?.[1];
    expect(description(parseTemplateText('t.yaml', fixed).tree)).toBe(description(parseTemplateText('t.yaml', text).tree));
    expect(fixed).toContain('      EnableKeyRotation: true\n');
  });
});
