import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST_MODEL, describeResourceAt, lintText, resolveConfig } from '../../server/src/engine';
import { hoverMarkdown } from '../../server/src/lsp/hover';
import { registry } from '../support/lint-fixture';

// Templates from a hover audit over real templates: each once made the hover contradict the CLI or itself.
const TEMPLATES = join(__dirname, '..', 'hover-templates');
const REGRESSIONS = join(__dirname, '..', '..', 'fixtures', 'regressions');

/** The hover markdown on a resource's logical ID, as the language server renders it. */
function hoverOn(file: string, id: string, folder = TEMPLATES): string {
  const text = readFileSync(join(folder, file), 'utf8');
  const result = lintText(file, text, resolveConfig(registry));
  const offset = text.indexOf(`\n  ${id}:`) + 3;
  return hoverMarkdown(describeResourceAt(result.model!, offset, DEFAULT_COST_MODEL, (at) => result.lines.lineOf(at)), result.lines, 'cost line');
}

describe('hover agrees with the rules', () => {
  it('a TLS deny that misses part of the bucket is not "enforced" (S3-005 reports it)', () => {
    expect(hoverOn('tls-partial.yaml', 'Logs')).toContain('| TLS only | not enforced: the TLS deny in LogsPolicy does not cover the bucket ARN itself | bucket policy (line 4) |');
  });

  it('follows a key ARN built with !Sub, and the key lists the bucket that uses it', () => {
    expect(hoverOn('key-disabled-by-sub.yaml', 'Data')).toContain('| KMS key | customer-managed key Key, defined in this template |');
    expect(hoverOn('key-disabled-by-sub.yaml', 'Key')).toContain('**Used by**: `Data` (line 7)');
  });

  it('follows an alias of the template to its key, by !Ref and by name', () => {
    expect(hoverOn('key-by-alias.yaml', 'ByAliasRef')).toContain('customer-managed key Key (through alias KeyAlias), defined in this template');
    expect(hoverOn('key-by-alias.yaml', 'ByAliasName')).toContain('customer-managed key Key (through alias KeyAlias), defined in this template');
    expect(hoverOn('key-by-alias.yaml', 'Key')).toContain('**Used by**: `ByAliasRef` (line 11), `ByAliasName` (line 20)');
  });

  it('follows an alias ARN built with !Sub around a literal alias name of the template', () => {
    expect(hoverOn('sub-alias-arn.yaml', 'Data')).toContain('customer-managed key Key (through alias KeyAlias), defined in this template');
    expect(hoverOn('sub-alias-arn.yaml', 'Key')).toContain('**Used by**: `Data` (line 11)');
  });

  it('names aws/s3 when its alias ARN is built with !Sub (S3-002 reports it)', () => {
    expect(hoverOn('aws-s3-by-sub.yaml', 'Data')).toContain('| KMS key | AWS-managed key aws/s3 | unresolved: ');
  });

  it('an unknown algorithm leaves the key and the Bucket Key unknown, not "none"', () => {
    const hover = hoverOn('unresolved-algorithm.yaml', 'Data');
    expect(hover).toContain('| KMS key | unknown: depends on the algorithm | unresolved: !Ref KeyArn (line 14) |');
    expect(hover).toContain('| Bucket Key | unknown: depends on the algorithm | written (line 15) |');
  });

  it('an unknown Bucket Key marks neither cost line as this bucket', () => {
    const hover = hoverOn('bucket-key-unresolved.yaml', 'Data');
    expect(hover).not.toContain('← this bucket');
    expect(hover).toContain('- whether this bucket has a Bucket Key is not known statically.');
  });

  it('DSSE-KMS with BucketKeyEnabled: true does not claim a Bucket Key', () => {
    const hover = hoverOn('dsse-bucket-key.yaml', 'Data');
    expect(hover).toContain('| Bucket Key | not supported with DSSE-KMS (BucketKeyEnabled: true has no effect) | written (line 9) |');
    expect(hover).toContain('≈ $30.00/month ← this bucket');
  });

  it('an unreadable bucket policy leaves SSE-C unknown (S3-004 is silent then)', () => {
    expect(hoverOn('policy-unresolved.yaml', 'Data')).toContain('| SSE-C | unknown | unresolved: policy of DataPolicy (line 6) |');
  });

  it('DSSE-KMS never has a Bucket Key, whatever BucketKeyEnabled resolves to', () => {
    const hover = hoverOn('dsse-bk-param.yaml', 'Unresolved');
    expect(hover).toContain('| Bucket Key | off: DSSE-KMS does not support Bucket Keys | unresolved: !Ref UseBucketKey (line 13) |');
    expect(hover).toContain('≈ $30.00/month ← this bucket');
  });

  it('SSE-C read from a list parameter default says so', () => {
    expect(hoverOn('ssec-param-default.yaml', 'Data')).toContain('| SSE-C | blocked | via default of Blocked (line 14) |');
  });

  it('the key spec row follows what is written, and a rotation period from a default says so', () => {
    expect(hoverOn('key-spec-usage.yaml', 'UsageOnly')).toContain('| Spec | SYMMETRIC_DEFAULT, GENERATE_VERIFY_MAC | written (line 9) |');
    expect(hoverOn('key-spec-usage.yaml', 'PeriodParam')).toContain('| Rotation | on, every 90 days | written; period via default of Period (line 24) |');
  });
});

describe('hover explains what the rules leave alone', () => {
  it('a bucket policy without a TLS deny is cited on the TLS row', () => {
    expect(hoverOn('branch-sets-that-are-not-one-branch.cfn.yaml', 'Logs', REGRESSIONS)).toContain(
      '| TLS only | not enforced when IsB is false, or IsA is false: no bucket policy denies requests without TLS |',
    );
    expect(hoverOn('tls-deny-with-generated-bucket-name.cfn.yaml', 'Reports', REGRESSIONS)).toContain(
      '| TLS only | not enforced: no bucket policy denies requests without TLS | bucket policy (line 86) |',
    );
  });

  it('an SSE-S3 bucket that receives access logs says why S3-001 is silent', () => {
    expect(hoverOn('tls-deny-on-a-prefix.cfn.yaml', 'Logs', REGRESSIONS)).toContain(
      '| Encryption | SSE-S3 (AES256): S3-managed keys — as access-log delivery requires (S3-001 exempt) | written (line 12) |',
    );
  });
});

describe('hover with conditional bucket policies', () => {
  it('names the deployments in which TLS or the SSE-C deny is missing, as S3-005 and S3-004 do', () => {
    expect(hoverOn('conditional-bucket-policies.cfn.yaml', 'ProdOnlyPolicyBucket', REGRESSIONS)).toContain(
      '| TLS only | not enforced when IsProd is false: no bucket policy denies requests without TLS | bucket policy |',
    );
    expect(hoverOn('conditional-bucket-policies.cfn.yaml', 'SseCDenyInProd', REGRESSIONS)).toContain(
      '| SSE-C | not blocked when IsProd is false: the SSE-C deny in SseCDenyInProdPolicy is absent then | bucket policy (line 87) |',
    );
    expect(hoverOn('conditional-bucket-policies.cfn.yaml', 'ProdBucket', REGRESSIONS)).toContain('| TLS only | enforced: bucket policy ProdBucketPolicy denies plain HTTP |');
  });
});

describe('hover variants', () => {
  it('merges variants whose branches differ only in where on the line they sit', () => {
    const hover = hoverOn('same-line-if.yaml', 'Key');
    expect(hover.split('**KMS key `Key`**')).toHaveLength(2);
    expect(hover).toContain('**KMS key `Key`** (AWS::KMS::Key)\n');
  });

  it('merges variants that read alike and counts the ones not shown', () => {
    const hover = hoverOn('many-variants.yaml', 'Data');
    // 8 branch combinations, 6 distinct descriptions (IsB changes nothing on SSE-S3): 4 shown, 2 counted.
    expect(hover.split('**S3 bucket `Data`**')).toHaveLength(5);
    expect(hover).toContain('— when IsA is false and IsC is true');
    expect(hover).toContain('…and 2 more variants (other `Fn::If` branches or loop values) not shown.');
  });
});
