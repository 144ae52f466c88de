import type { AwsModel, KmsKey, S3Bucket } from '../model/aws';
import type { Located } from '../model/located';
import type { SourceRange } from '../model/range';
import type { PolicyStatement } from '../model/policy';
import { describeBranchSet } from '../rules/branch-label';
import { bucketKeyTarget } from '../rules/key-target';
import { isAccountRoot, isReadable, sseCBlocking, textOf, tlsEnforcement, wildcardPrincipals } from '../rules/policy-semantics';
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
  /** `bucketKeyOn` is undefined when the Bucket Key setting is not known statically. */
  estimate: { kind: 'kms'; bucketKeyOn: boolean | undefined; values: KmsEstimate } | { kind: 'none'; reason: string };
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

/** Variants shown in one hover; the rest are counted. */
const MAX_SHOWN = 4;

/**
 * Describes the bucket or key whose logical ID (anchor) is at the offset: one entry per `Fn::If`
 * variant (or per resource an `Fn::ForEach` fragment makes), variants that read the same merged,
 * at most MAX_SHOWN of them; `hidden` counts the others.
 */
export function describeResourceAt(
  model: AwsModel,
  offset: number,
  costModel: CostModel,
  lineOf: (offset: number) => number = (at) => at,
): { shown: ResourceDescription[]; hidden: number } {
  const inside = (range: SourceRange) => range.start <= offset && offset <= range.end;
  const buckets = model.buckets.filter((bucket) => inside(bucket.resource.anchor));
  const described: Variant[] =
    buckets.length > 0
      ? buckets.map((bucket) => ({ description: describeBucket(model, bucket, costModel), conditions: bucket.resource.conditions }))
      : model.keys.filter((key) => inside(key.resource.anchor)).map((key) => ({ description: describeKey(model, key), conditions: key.resource.conditions }));
  const merged = mergeAlikeVariants(described, lineOf);
  return { shown: merged.slice(0, MAX_SHOWN), hidden: Math.max(0, merged.length - MAX_SHOWN) };
}

interface Variant {
  description: ResourceDescription;
  conditions: Readonly<Record<string, boolean>>;
}

/**
 * Variants of one resource that describe alike become one entry, labelled with the branches they
 * share (`IsA is false and IsC is true`), or none when every variant reads alike.
 */
function mergeAlikeVariants(variants: Variant[], lineOf: (offset: number) => number): ResourceDescription[] {
  const groups = new Map<string, Variant[]>();
  for (const variant of variants) {
    // Compared as shown: ranges by their line (two branches of one `!If` sit on the same line).
    const content = JSON.stringify({ ...variant.description, branch: undefined }, (_key, value: unknown) =>
      value && typeof value === 'object' && 'start' in value && 'end' in value ? lineOf((value as SourceRange).start) : value,
    );
    groups.set(content, [...(groups.get(content) ?? []), variant]);
  }
  return [...groups.values()].map((members) => {
    const all = variants.filter((variant) => variant.description.id === members[0].description.id).map((variant) => variant.conditions);
    return { ...members[0].description, branch: describeBranchSet(members.map((member) => member.conditions), all) };
  });
}

const ALGORITHMS: Record<string, string> = {
  AES256: 'SSE-S3 (AES256): S3-managed keys',
  'aws:kms': 'SSE-KMS (aws:kms)',
  'aws:kms:dsse': 'DSSE-KMS (aws:kms:dsse): dual-layer',
};

function describeBucket(model: AwsModel, bucket: S3Bucket, costModel: CostModel): BucketDescription {
  const { algorithm, bucketKeyEnabled, blockedEncryptionTypes } = bucket.encryption;
  const described: DescribedValue =
    algorithm.origin === 'default'
      ? { text: 'SSE-S3 (AES256): no default encryption is configured, so S3 applies its own', how: 'AWS default (not written)' }
      : algorithm.origin === 'unresolved'
        ? { text: 'unknown', how: how(algorithm), at: algorithm.range }
        : { text: ALGORITHMS[algorithm.value ?? ''] ?? `${algorithm.value}`, how: how(algorithm), at: at(algorithm) };
  // Why S3-001 is silent on an SSE-S3 log bucket: access-log delivery supports only SSE-S3.
  const sseS3 = algorithm.origin === 'default' || (algorithm.origin === 'explicit' && algorithm.value === 'AES256');
  const encryption = bucket.receivesAccessLogs && sseS3 ? { ...described, text: `${described.text} — as access-log delivery requires (S3-001 exempt)` } : described;
  const usesKms = algorithm.origin === 'explicit' && (algorithm.value === 'aws:kms' || algorithm.value === 'aws:kms:dsse');
  const algorithmUnknown = algorithm.origin === 'unresolved';
  const key = describeKeyReference(model, bucket, usesKms, algorithmUnknown);
  return {
    kind: 'bucket',
    id: bucket.resource.id,
    type: bucket.resource.nativeType,
    encryption,
    key,
    bucketKey: describeBucketKey(algorithm, bucketKeyEnabled, usesKms),
    sseC: describeSseC(model, bucket, blockedEncryptionTypes),
    tls: describeTls(model, bucket),
    estimate: estimateFor(algorithm, bucketKeyEnabled, usesKms, costModel),
  };
}

function describeBucketKey(algorithm: Located<string>, bucketKeyEnabled: Located<boolean>, usesKms: boolean): DescribedValue {
  const written = { how: how(bucketKeyEnabled), at: at(bucketKeyEnabled) };
  if (algorithm.origin === 'unresolved') return { text: 'unknown: depends on the algorithm', ...written };
  if (!usesKms) return { text: 'not applicable (no SSE-KMS)', how: how(bucketKeyEnabled) };
  // S3 Bucket Keys are not supported for DSSE-KMS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingDSSEncryption.html).
  if (algorithm.value === 'aws:kms:dsse') {
    return { text: bucketKeyEnabled.value ? 'not supported with DSSE-KMS (BucketKeyEnabled: true has no effect)' : 'off: DSSE-KMS does not support Bucket Keys', ...written };
  }
  if (bucketKeyEnabled.origin === 'unresolved') return { text: 'unknown', ...written };
  return { text: bucketKeyEnabled.value ? 'on' : 'off: every object read and write calls KMS', ...written };
}

function estimateFor(algorithm: Located<string>, bucketKeyEnabled: Located<boolean>, usesKms: boolean, costModel: CostModel): BucketDescription['estimate'] {
  if (!usesKms) {
    const reason = algorithm.origin === 'unresolved' ? 'the algorithm is not known statically' : 'SSE-S3 makes no KMS requests';
    return { kind: 'none', reason };
  }
  // DSSE-KMS does not support Bucket Keys: every request calls KMS.
  const bucketKeyOn = algorithm.value === 'aws:kms:dsse' ? false : bucketKeyEnabled.origin === 'unresolved' ? undefined : bucketKeyEnabled.value === true;
  return { kind: 'kms', bucketKeyOn, values: estimateKmsRequests(costModel) };
}

function describeKeyReference(model: AwsModel, bucket: S3Bucket, usesKms: boolean, algorithmUnknown: boolean): DescribedValue {
  const kmsKey = bucket.encryption.kmsKey;
  if (!usesKms) {
    if (algorithmUnknown) return { text: 'unknown: depends on the algorithm', how: how(kmsKey), at: at(kmsKey) };
    // S3 accepts KMSMasterKeyID only with aws:kms or aws:kms:dsse.
    return kmsKey.origin === 'default' ? { text: 'none', how: how(kmsKey) } : { text: 'none: a KMS key applies only to SSE-KMS', how: how(kmsKey), at: at(kmsKey) };
  }
  const target = bucketKeyTarget(model, bucket);
  switch (target.kind) {
    case 'awsManaged':
      return target.named
        ? { text: 'AWS-managed key aws/s3', how: how(kmsKey), at: kmsKey.range }
        : { text: 'AWS-managed key aws/s3', how: 'AWS default (no key given)' };
    case 'templateKey': {
      const key = model.keysById(target.keyId)[0];
      const viaAlias = target.alias ? ` (through alias ${target.alias})` : '';
      return { text: `customer-managed key ${target.keyId}${viaAlias}, defined in this template`, how: how(kmsKey), at: key?.resource.anchor };
    }
    case 'templateAlias':
      return { text: `the key of alias ${target.alias} (defined in this template)`, how: how(kmsKey), at: kmsKey.range };
    case 'external':
      return { text: `\`${target.value}\``, how: how(kmsKey), at: kmsKey.range };
    default:
      return { text: 'unknown', how: how(kmsKey), at: kmsKey.range };
  }
}

function describeSseC(model: AwsModel, bucket: S3Bucket, blocked: Located<Located<string>[]>): DescribedValue {
  if (blocked.origin === 'unresolved') return { text: 'unknown', how: how(blocked), at: blocked.range };
  const types = blocked.value ?? [];
  // Items read from a list parameter's default say so (`via default of Blocked`).
  const none = types.find((type) => type.value === 'NONE');
  if (none) return { text: 'explicitly allowed (NONE)', how: how(none), at: blocked.range };
  const sseC = types.find((type) => type.value === 'SSE-C');
  if (sseC) return { text: 'blocked', how: how(sseC), at: blocked.range };
  // As S3-004 judges it: a denying policy must be there in every deployment of the bucket.
  const blocking = sseCBlocking(bucket, model);
  if (blocking.state === 'blocked') return { text: `blocked: bucket policy ${blocking.policy.owner.id} denies SSE-C uploads`, how: 'bucket policy', at: blocking.policy.owner.anchor };
  // A policy that can't be read might hold the deny.
  if (blocking.state === 'unknown') return { text: 'unknown', how: `unresolved: policy of ${blocking.policy.owner.id}`, at: blocking.policy.owner.anchor };
  if (blocking.policy && blocking.when) {
    return { text: `not blocked when ${blocking.when}: the SSE-C deny in ${blocking.policy.owner.id} is absent then`, how: 'bucket policy', at: blocking.policy.owner.anchor };
  }
  return {
    text: 'not blocked: S3 blocks SSE-C by default only on buckets created after April 2026',
    how: 'AWS default (not written)',
  };
}

/** The same judgement as S3-005, so the hover never says "enforced" where the rule reports. */
function describeTls(model: AwsModel, bucket: S3Bucket): DescribedValue {
  const tls = tlsEnforcement(bucket, model);
  const policy = 'policy' in tls ? tls.policy : undefined;
  const sid = 'statement' in tls && tls.statement.sid ? ` (statement ${tls.statement.sid})` : '';
  // Where the policies exist or read differently per deployment: the deployments that miss out.
  const notEnforced = tls.when ? `not enforced when ${tls.when}` : 'not enforced';
  switch (tls.state) {
    case 'enforced':
      return { text: `enforced: bucket policy ${tls.policy.owner.id} denies plain HTTP`, how: 'bucket policy', at: tls.policy.owner.anchor };
    case 'unknown':
      return { text: 'unknown', how: `unresolved: policy of ${tls.policy.owner.id}`, at: tls.policy.owner.anchor };
    case 'partial': {
      const missing = tls.covered.bucket ? 'its objects' : tls.covered.objects ? 'the bucket ARN itself' : 'the bucket ARN or all its objects';
      return { text: `${notEnforced}: the TLS deny in ${tls.policy.owner.id}${sid} does not cover ${missing}`, how: 'bucket policy', at: policy?.owner.anchor };
    }
    case 'inverted':
      return { text: `${notEnforced}: ${tls.policy.owner.id}${sid} denies requests that do use TLS (aws:SecureTransport true)`, how: 'bucket policy', at: policy?.owner.anchor };
    case 'notDenied': {
      const [first] = bucket.policies;
      return { text: `${notEnforced}: no bucket policy denies requests without TLS`, how: 'bucket policy', at: first?.owner.anchor };
    }
    case 'noPolicy':
      return { text: `${notEnforced}: no bucket policy denies requests without TLS`, how: tls.when ? 'bucket policy' : 'no bucket policy' };
  }
}

function describeKey(model: AwsModel, key: KmsKey): KeyDescription {
  const rotation: DescribedValue = key.isReplica
    ? { text: 'inherited from the primary key', how: 'replica key' }
    : key.rotation.origin === 'unresolved'
      ? { text: 'unknown', how: how(key.rotation), at: key.rotation.range }
      : {
          text: key.rotation.value ? `on, every ${key.rotationPeriodInDays.value ?? '?'} days` : 'off',
          how: key.rotation.value && key.rotationPeriodInDays.via ? `${how(key.rotation)}; period via ${key.rotationPeriodInDays.via}` : how(key.rotation),
          at: at(key.rotation),
        };
  const usedBy = model.buckets
    .filter((bucket) => {
      const target = bucketKeyTarget(model, bucket);
      return target.kind === 'templateKey' && target.keyId === key.resource.id;
    })
    .filter((bucket, index, all) => all.findIndex((other) => other.resource.id === bucket.resource.id) === index)
    .map((bucket) => ({ id: bucket.resource.id, at: bucket.resource.anchor }));
  return {
    kind: 'key',
    id: key.resource.id,
    type: key.resource.nativeType,
    spec: describeSpec(key),
    rotation,
    deletionWindow: { text: `${key.pendingWindowInDays.value ?? '?'} days`, how: how(key.pendingWindowInDays), at: at(key.pendingWindowInDays) },
    policy: describePolicy(key),
    usedBy,
  };
}

/** Spec, usage and origin in one row; "how" follows the first of them that is written. */
function describeSpec(key: KmsKey): DescribedValue {
  // A replica key's spec, usage and origin are its primary key's (AWS::KMS::ReplicaKey has no such properties).
  if (key.isReplica) return { text: 'the primary key\'s (a replica shares its key material)', how: 'replica key' };
  const parts = [key.keySpec, key.keyUsage, key.origin];
  const shown = (located: Located<string>) => located.value ?? (located.origin === 'unresolved' ? `unknown (${located.expr ?? 'expression'})` : '?');
  const origin = key.origin.value && key.origin.value !== 'AWS_KMS' ? `, origin ${key.origin.value}` : key.origin.origin === 'unresolved' ? `, origin ${shown(key.origin)}` : '';
  const text = `${shown(key.keySpec)}, ${shown(key.keyUsage)}${origin}`;
  const decisive = parts.find((part) => part.origin === 'unresolved') ?? parts.find((part) => part.origin === 'explicit');
  return decisive ? { text, how: how(decisive), at: at(decisive) } : { text, how: 'AWS default (not written)' };
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
