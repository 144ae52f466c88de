import type { AwsModel, KmsKey, S3Bucket } from '../model/aws';
import type { Located } from '../model/located';
import type { SourceRange } from '../model/range';
import type { PolicyStatement } from '../model/policy';
import { deniesInsecureTransport, deniesSseC, isAccountRoot, isReadable, textOf, wildcardPrincipals } from '../rules/policy-semantics';
import type { CostModel, KmsEstimate } from './kms-estimate';
import { estimateKmsRequests } from './kms-estimate';

/** One described setting: what it is, and how that was worked out. */
export interface DescribedValue {
  text: string;
  /** `written`, `AWS default (not written)`, `via default of Algo`, `unresolved: !Ref X`, … */
  how: string;
  /** Where it is written or defined, when it is. */
  at?: SourceRange;
}

export interface BucketDescription {
  kind: 'bucket';
  id: string;
  type: string;
  /** Which `Fn::If` branches this description is for, when the bucket has several. */
  branch?: string;
  encryption: DescribedValue;
  key: DescribedValue;
  bucketKey: DescribedValue;
  sseC: DescribedValue;
  tls: DescribedValue;
  /** KMS request estimate when the bucket uses SSE-KMS; otherwise why there is none. */
  estimate: { kind: 'kms'; bucketKeyOn: boolean; values: KmsEstimate } | { kind: 'none'; reason: string };
}

export interface KeyDescription {
  kind: 'key';
  id: string;
  type: string;
  branch?: string;
  spec: DescribedValue;
  rotation: DescribedValue;
  deletionWindow: DescribedValue;
  policy: { how: string; statements: string[] };
  usedBy: { id: string; at: SourceRange }[];
}

export type ResourceDescription = BucketDescription | KeyDescription;

function how(located: Located<unknown>): string {
  if (located.origin === 'default') return 'AWS default (not written)';
  if (located.origin === 'unresolved') return located.ref ? `reference: ${located.expr ?? located.ref.id}` : `unresolved: ${located.expr ?? 'expression'}`;
  return located.via ? `via ${located.via}` : 'written';
}

function at(located: Located<unknown>): SourceRange | undefined {
  return located.origin === 'default' ? undefined : located.range;
}

function branchOf(conditions: Readonly<Record<string, boolean>>, variants: number): string | undefined {
  if (variants <= 1) return undefined;
  return Object.entries(conditions).map(([name, value]) => `${name} is ${value}`).join(' and ');
}

/**
 * Describes the bucket or key whose logical ID (anchor) is at the offset, one entry per `Fn::If`
 * variant (at most four).
 */
export function describeResourceAt(model: AwsModel, offset: number, costModel: CostModel): ResourceDescription[] {
  const inside = (range: SourceRange) => range.start <= offset && offset <= range.end;
  const buckets = model.buckets.filter((bucket) => inside(bucket.resource.anchor));
  if (buckets.length > 0) return buckets.slice(0, 4).map((bucket) => describeBucket(model, bucket, costModel));
  const keys = model.keys.filter((key) => inside(key.resource.anchor));
  return keys.slice(0, 4).map((key) => describeKey(model, key));
}

const ALGORITHMS: Record<string, string> = {
  AES256: 'SSE-S3 (AES256): S3-managed keys',
  'aws:kms': 'SSE-KMS (aws:kms)',
  'aws:kms:dsse': 'DSSE-KMS (aws:kms:dsse): dual-layer',
};

function describeBucket(model: AwsModel, bucket: S3Bucket, costModel: CostModel): BucketDescription {
  const { algorithm, bucketKeyEnabled, blockedEncryptionTypes } = bucket.encryption;
  const encryption: DescribedValue =
    algorithm.origin === 'default'
      ? { text: 'SSE-S3 (AES256): no default encryption is configured, so S3 applies its own', how: 'AWS default (not written)' }
      : algorithm.origin === 'unresolved'
        ? { text: 'unknown', how: how(algorithm), at: algorithm.range }
        : { text: ALGORITHMS[algorithm.value ?? ''] ?? `${algorithm.value}`, how: how(algorithm), at: at(algorithm) };
  const usesKms = algorithm.origin === 'explicit' && (algorithm.value === 'aws:kms' || algorithm.value === 'aws:kms:dsse');
  const key = describeKeyReference(model, bucket, usesKms);
  const bucketKey: DescribedValue = !usesKms
    ? { text: 'not applicable (no SSE-KMS)', how: how(bucketKeyEnabled) }
    : bucketKeyEnabled.origin === 'unresolved'
      ? { text: 'unknown', how: how(bucketKeyEnabled), at: bucketKeyEnabled.range }
      : { text: bucketKeyEnabled.value ? 'on' : 'off: every object read and write calls KMS', how: how(bucketKeyEnabled), at: at(bucketKeyEnabled) };
  return {
    kind: 'bucket',
    id: bucket.resource.id,
    type: bucket.resource.nativeType,
    branch: branchOf(bucket.resource.conditions, bucket.resource.variantCount),
    encryption,
    key,
    bucketKey,
    sseC: describeSseC(bucket, blockedEncryptionTypes),
    tls: describeTls(bucket),
    estimate: estimateFor(algorithm, bucketKeyEnabled, usesKms, costModel),
  };
}

function estimateFor(algorithm: Located<string>, bucketKeyEnabled: Located<boolean>, usesKms: boolean, costModel: CostModel): BucketDescription['estimate'] {
  if (!usesKms) {
    const reason = algorithm.origin === 'unresolved' ? 'the algorithm is not known statically' : 'SSE-S3 makes no KMS requests';
    return { kind: 'none', reason };
  }
  // DSSE-KMS does not support Bucket Keys: every request calls KMS.
  const bucketKeyOn = algorithm.value === 'aws:kms' && bucketKeyEnabled.value === true;
  return { kind: 'kms', bucketKeyOn, values: estimateKmsRequests(costModel) };
}

function describeKeyReference(model: AwsModel, bucket: S3Bucket, usesKms: boolean): DescribedValue {
  const kmsKey = bucket.encryption.kmsKey;
  if (!usesKms) return { text: 'none', how: how(kmsKey) };
  if (kmsKey.origin === 'default' || (kmsKey.origin === 'explicit' && kmsKey.value === '')) {
    return { text: 'AWS-managed key aws/s3', how: 'AWS default (no key given)' };
  }
  if (kmsKey.ref && model.keysById(kmsKey.ref.id).length > 0) {
    const target = model.keysById(kmsKey.ref.id)[0];
    return { text: `customer-managed key ${target.resource.id}, defined in this template`, how: how(kmsKey), at: target.resource.anchor };
  }
  if (kmsKey.origin === 'explicit') {
    const awsManaged = /(^|:)alias\/aws\/s3$/.test(kmsKey.value ?? '');
    return { text: awsManaged ? `AWS-managed key (${kmsKey.value})` : `\`${kmsKey.value}\``, how: how(kmsKey), at: kmsKey.range };
  }
  return { text: 'unknown', how: how(kmsKey), at: kmsKey.range };
}

function describeSseC(bucket: S3Bucket, blocked: Located<Located<string>[]>): DescribedValue {
  if (blocked.origin === 'unresolved') return { text: 'unknown', how: how(blocked), at: blocked.range };
  const types = blocked.value ?? [];
  if (types.some((type) => type.value === 'NONE')) return { text: 'explicitly allowed (NONE)', how: 'written', at: blocked.range };
  if (types.some((type) => type.value === 'SSE-C')) return { text: 'blocked', how: 'written', at: blocked.range };
  const denying = bucket.policies.find((policy) => policy.document.statements.some(deniesSseC));
  if (denying) return { text: `blocked: bucket policy ${denying.owner.id} denies SSE-C uploads`, how: 'bucket policy', at: denying.owner.anchor };
  return {
    text: 'not blocked: S3 blocks SSE-C by default only on buckets created after April 2026',
    how: 'AWS default (not written)',
  };
}

function describeTls(bucket: S3Bucket): DescribedValue {
  const enforcing = bucket.policies.find((policy) => policy.document.statements.some(deniesInsecureTransport));
  if (enforcing) return { text: `enforced: bucket policy ${enforcing.owner.id} denies plain HTTP`, how: 'bucket policy', at: enforcing.owner.anchor };
  const unreadable = bucket.policies.find((policy) => !isReadable(policy.document));
  if (unreadable) return { text: 'unknown', how: `unresolved: policy of ${unreadable.owner.id}`, at: unreadable.owner.anchor };
  return { text: 'not enforced: no bucket policy denies requests without TLS', how: bucket.policies.length ? 'bucket policy' : 'no bucket policy' };
}

function describeKey(model: AwsModel, key: KmsKey): KeyDescription {
  const spec = `${key.keySpec.value ?? '?'}, ${key.keyUsage.value ?? '?'}${key.origin.value && key.origin.value !== 'AWS_KMS' ? `, origin ${key.origin.value}` : ''}`;
  const rotation: DescribedValue = key.isReplica
    ? { text: 'inherited from the primary key', how: 'replica key' }
    : key.rotation.origin === 'unresolved'
      ? { text: 'unknown', how: how(key.rotation), at: key.rotation.range }
      : {
          text: key.rotation.value ? `on, every ${key.rotationPeriodInDays.value ?? '?'} days` : 'off',
          how: how(key.rotation),
          at: at(key.rotation),
        };
  const usedBy = model.buckets
    .filter((bucket) => bucket.encryption.kmsKey.ref?.id === key.resource.id)
    .filter((bucket, index, all) => all.findIndex((other) => other.resource.id === bucket.resource.id) === index)
    .map((bucket) => ({ id: bucket.resource.id, at: bucket.resource.anchor }));
  return {
    kind: 'key',
    id: key.resource.id,
    type: key.resource.nativeType,
    branch: branchOf(key.resource.conditions, key.resource.variantCount),
    spec: { text: spec, how: how(key.keySpec) },
    rotation,
    deletionWindow: { text: `${key.pendingWindowInDays.value ?? '?'} days`, how: how(key.pendingWindowInDays), at: at(key.pendingWindowInDays) },
    policy: describePolicy(key),
    usedBy,
  };
}

function describePolicy(key: KmsKey): KeyDescription['policy'] {
  const policy = key.policy;
  if (policy.origin === 'default') return { how: 'AWS default key policy', statements: ['Allow kms:* to the account root (access is then managed with IAM)'] };
  if (!isReadable(policy)) return { how: `unresolved: ${policy.expr ?? 'expression'}`, statements: [] };
  return { how: 'written', statements: policy.statements.map(summariseStatement) };
}

function summariseStatement(statement: PolicyStatement): string {
  const effect = statement.effect.value ?? '?';
  const actions = statement.actions.map((action) => textOf(action) ?? action.expr ?? '?').join(', ') || '?';
  const principals = statement.notPrincipal
    ? 'everyone except NotPrincipal'
    : wildcardPrincipals(statement).length > 0
      ? 'everyone (*)'
      : (statement.principals ?? [])
          .map((entry) => (isAccountRoot(entry) ? 'the account root' : `${entry.kind} ${textOf(entry.value) ?? entry.value.expr ?? '?'}`))
          .join(', ') || 'no principal';
  const scoped = statement.conditions.length > 0 ? ' (with conditions)' : '';
  return `${effect} ${actions} to ${principals}${scoped}`;
}
