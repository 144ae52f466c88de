// What "Switch to a new customer-managed KMS key (DataKey) (S3-001)" must make of
// quick-fix-workspace/bucket.cfn.yaml, shared by quick-fix.test.ts (the lightbulb menu in the
// workbench) and extension-host/index.ts (vscode.executeCodeActionProvider + applyEdit).
//
// The checks are on the parsed template (plus "no other line touched"), not on exact text: how the
// fix writer quotes scalars (`'kms:*'` or `kms:*`) is its own business and still changing.
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import type { Tags } from 'yaml';

export const QUICK_FIX_TEMPLATE = 'bucket.cfn.yaml';
/** 1-based, as the CLI, the status bar and the Problems panel count: `AES256` spans columns 29–34 of line 10. */
export const QUICK_FIX_FINDING = { line: 10, column: 29, endColumn: 35 };
export const SWITCH_TO_NEW_KEY = 'Switch to a new customer-managed KMS key (DataKey) (S3-001)';
export const DISABLE_S3_001 = 'Disable S3-001 for this line';
export const DOCUMENTATION_S3_001 = 'Show documentation for S3-001';

/** The short-form intrinsics the template and the fix use, as their long JSON form. */
const INTRINSICS: Tags = [
  ['!Ref', 'Ref'],
  ['!GetAtt', 'Fn::GetAtt'],
  ['!Sub', 'Fn::Sub'],
].flatMap(([tag, name]) => [
  { tag, resolve: (value: string) => ({ [name]: value }) },
  { tag, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [name]: value.toJSON() }) },
]);

type Json = any;

function parseTemplate(text: string): Json {
  return parse(text, { customTags: INTRINSICS });
}

/**
 * Why `fixed` is not what the fix must make of `original` (empty when it is): the bucket on aws:kms
 * with `!GetAtt DataKey.Arn` and the S3 Bucket Key on; a new `DataKey` (AWS::KMS::Key, rotation on,
 * the account root allowed `kms:*`) right after the bucket; every other resource and every other
 * line of the original as it was.
 */
export function switchedToNewKeyProblems(original: string, fixed: string): string[] {
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (!isDeepStrictEqual(actual, expected)) problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  let before: Json;
  let after: Json;
  try {
    before = parseTemplate(original);
    after = parseTemplate(fixed);
  } catch (error) {
    return [`the template does not parse: ${error instanceof Error ? error.message : String(error)}`];
  }

  // The key goes right after the bucket; nothing else is added, removed or changed elsewhere.
  expect('resources, in order', Object.keys(after?.Resources ?? {}), ['Data', 'DataKey', 'DataPolicy']);
  expect('DataPolicy', after?.Resources?.DataPolicy, before.Resources.DataPolicy);
  const { Resources: _beforeResources, ...beforeTop } = before;
  const { Resources: _afterResources, ...afterTop } = after ?? {};
  expect('the template outside Resources', afterTop, beforeTop);

  // The bucket: aws:kms with the new key, the Bucket Key on, SSE-C still blocked.
  const rule = after?.Resources?.Data?.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration;
  const originalRule = before.Resources.Data.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
  expect('the bucket encryption rule', rule, [
    {
      ...originalRule,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': 'DataKey.Arn' } },
      BucketKeyEnabled: true,
    },
  ]);
  const { BucketEncryption: _after, ...bucketRest } = after?.Resources?.Data?.Properties ?? {};
  const { BucketEncryption: _before, ...originalBucketRest } = before.Resources.Data.Properties;
  expect('the rest of the bucket', [after?.Resources?.Data?.Type, bucketRest], [before.Resources.Data.Type, originalBucketRest]);

  // The key: customer-managed, rotating, with the default key policy (the account root, kms:*).
  const key = after?.Resources?.DataKey;
  expect('DataKey.Type', key?.Type, 'AWS::KMS::Key');
  expect('DataKey.Properties.EnableKeyRotation', key?.Properties?.EnableKeyRotation, true);
  const statements: Json[] = key?.Properties?.KeyPolicy?.Statement ?? [];
  const root = { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } };
  const rootStatement = statements.find((statement) => isDeepStrictEqual(statement?.Principal, root));
  expect('the key policy statement for the account root', rootStatement && [rootStatement.Effect, [rootStatement.Action].flat(), rootStatement.Resource], [
    'Allow',
    ['kms:*'],
    '*',
  ]);

  // A minimal edit: every line of the original but the changed one is still there, in order (no
  // reformatting, no lost comment or quote).
  const changed = '              SSEAlgorithm: AES256';
  const kept = original.split('\n').filter((line) => line !== changed);
  const lines = fixed.split('\n');
  let at = 0;
  for (const line of kept) {
    const found = lines.indexOf(line, at);
    if (found < 0) {
      problems.push(`the original line ${JSON.stringify(line)} is gone or out of order`);
      break;
    }
    at = found + 1;
  }
  // The key's lines sit between the bucket's last line and DataPolicy.
  const keyLine = lines.indexOf('  DataKey:');
  const bucketEnd = lines.indexOf('              EncryptionType: [SSE-C]');
  if (!(bucketEnd >= 0 && keyLine > bucketEnd && keyLine < lines.indexOf('  DataPolicy:'))) problems.push('DataKey is not between the bucket and DataPolicy');
  return problems;
}
