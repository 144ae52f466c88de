import type { AwsModel, S3Bucket } from '../model/aws';
import { sampleTemplate, withPseudoParameterSamples } from './reference-shape';

/** `alias/aws/s3` by name or as an alias ARN: the AWS-managed key. */
export const AWS_MANAGED_S3_KEY = /^(alias\/aws\/s3|arn:aws[a-z-]*:kms:[^:]*:[^:]*:alias\/aws\/s3)$/;

/** Which key a bucket's `KMSMasterKeyID` names, as far as the template tells. */
export type KeyTarget =
  /** aws/s3: no key given (`default`), or named. */
  | { kind: 'awsManaged'; named: boolean }
  /** A key of this template, directly or through an alias of this template (`alias`). */
  | { kind: 'templateKey'; keyId: string; alias?: string }
  /** An alias of this template whose key is not one of the template's. */
  | { kind: 'templateAlias'; alias: string }
  /** A literal key ID, key ARN or alias that is not the template's. */
  | { kind: 'external'; value: string }
  | { kind: 'unknown' };

const isKeyType = (type: string | undefined) => type === 'AWS::KMS::Key' || type === 'AWS::KMS::ReplicaKey';

/**
 * Follows `!GetAtt Key.Arn`, `!Ref Key`, ARNs built with `!Sub`/`Fn::Join` from a key or an alias
 * of the template, and alias names or ARNs (literal or `!Ref Alias`) of the template's aliases.
 */
export function bucketKeyTarget(model: AwsModel, bucket: S3Bucket): KeyTarget {
  const kmsKey = bucket.encryption.kmsKey;
  if (kmsKey.origin === 'default' || (kmsKey.origin === 'explicit' && kmsKey.value === '')) return { kind: 'awsManaged', named: false };
  if (kmsKey.ref) return targetOfResource(model, kmsKey.ref.id) ?? { kind: 'unknown' };
  if (kmsKey.origin === 'explicit') {
    const value = kmsKey.value ?? '';
    if (AWS_MANAGED_S3_KEY.test(value)) return { kind: 'awsManaged', named: true };
    return aliasNamedIn(model, value) ?? { kind: 'external', value };
  }
  if (kmsKey.template === undefined) return { kind: 'unknown' };
  if (AWS_MANAGED_S3_KEY.test(withPseudoParameterSamples(kmsKey.template))) return { kind: 'awsManaged', named: true };
  const sampled = sampleTemplate(kmsKey.template, model.resourceType);
  if (sampled?.resources.length === 1) return targetOfResource(model, sampled.resources[0]) ?? { kind: 'unknown' };
  // An alias ARN built around a literal alias name (`!Sub 'arn:${AWS::Partition}:kms:…:alias/data'`).
  return (sampled?.resources.length === 0 ? aliasNamedIn(model, sampled.text) : undefined) ?? { kind: 'unknown' };
}

/** The target of the template's alias named by this alias name or alias ARN (`alias/data`, `arn:…:alias/data`). */
function aliasNamedIn(model: AwsModel, reference: string): KeyTarget | undefined {
  const aliasName = /(^|:)(alias\/.+)$/.exec(reference)?.[2];
  const alias = aliasName ? model.aliases.find((candidate) => candidate.aliasName.origin === 'explicit' && candidate.aliasName.value === aliasName) : undefined;
  return alias ? targetOfResource(model, alias.resource.id) : undefined;
}

function targetOfResource(model: AwsModel, id: string): KeyTarget | undefined {
  const type = model.resourceType(id);
  if (isKeyType(type)) return { kind: 'templateKey', keyId: id };
  if (type !== 'AWS::KMS::Alias') return undefined;
  const target = model.aliases.find((alias) => alias.resource.id === id)?.targetKey.ref?.id;
  return target !== undefined && isKeyType(model.resourceType(target)) ? { kind: 'templateKey', keyId: target, alias: id } : { kind: 'templateAlias', alias: id };
}
