// What "Switch to a new customer-managed KMS key (DataKey) (S3-001)" must make of
// quick-fix-workspace/bucket.cfn.yaml, shared by quick-fix.test.ts (the lightbulb menu in the
// workbench) and extension-host/index.ts (vscode.executeCodeActionProvider + applyEdit).

export const QUICK_FIX_TEMPLATE = 'bucket.cfn.yaml';
/** 1-based, as the CLI, the status bar and the Problems panel count: `AES256` spans columns 29–34 of line 10. */
export const QUICK_FIX_FINDING = { line: 10, column: 29, endColumn: 35 };
export const SWITCH_TO_NEW_KEY = 'Switch to a new customer-managed KMS key (DataKey) (S3-001)';
export const DISABLE_S3_001 = 'Disable S3-001 for this line';
export const DOCUMENTATION_S3_001 = 'Show documentation for S3-001';

/** The key the fix adds right after the bucket: rotation on, the account root allowed kms:* (the default key policy). */
const NEW_KEY = [
  '  DataKey:',
  '    Type: AWS::KMS::Key',
  '    Properties:',
  '      Description: Encrypts the objects of Data',
  '      EnableKeyRotation: true',
  '      KeyPolicy:',
  "        Version: '2012-10-17'",
  '        Statement:',
  '          - Sid: EnableRootAccess',
  '            Effect: Allow',
  '            Principal:',
  "              AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'",
  "            Action: 'kms:*'",
  "            Resource: '*'",
].join('\n');

function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`expected exactly one ${JSON.stringify(from)} in the template, found ${parts.length - 1}`);
  return parts.join(to);
}

/**
 * The template after the fix: the bucket on aws:kms with the new key and the S3 Bucket Key on, and
 * the key inserted after the bucket (before DataPolicy). Nothing else changes.
 */
export function switchedToNewKey(original: string): string {
  const switched = replaceOnce(original, '              SSEAlgorithm: AES256\n', '              SSEAlgorithm: aws:kms\n              KMSMasterKeyID: !GetAtt DataKey.Arn\n');
  return replaceOnce(switched, '              EncryptionType: [SSE-C]\n', `              EncryptionType: [SSE-C]\n            BucketKeyEnabled: true\n${NEW_KEY}\n`);
}
