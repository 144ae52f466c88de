import { getAtt, parseNativePath, ref, sub } from '../../server/src/engine';
import { bucketKeyTarget } from '../../server/src/engine/rules/key-target';
import { deniesSecureTransport, grantsAction, isAllow, textOf } from '../../server/src/engine/rules/policy-semantics';
import type { AwsModel, FixIntent, FixPlan, FixValue, PropertyPath, S3Bucket } from '../../server/src/engine';

/** The path of the bucket's default-encryption rule (`BucketEncryption.ServerSideEncryptionConfiguration[i]`). */
export function encryptionRulePath(bucket: S3Bucket): PropertyPath {
  return parseNativePath(bucket.encryption.algorithm.nativePath).slice(0, 3);
}

/** A logical ID not used yet: `DataBucketKey`, else `DataBucketKey2`, … */
export function freshId(model: AwsModel, base: string): string {
  if (!model.nameInUse(base)) return base;
  for (let n = 2; ; n++) if (!model.nameInUse(`${base}${n}`)) return `${base}${n}`;
}

/** `base`, or `base2`, … : a name none of `taken` uses. */
function freshName(taken: (string | undefined)[], base: string): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}${n}`)) return `${base}${n}`;
}

/**
 * A new key that passes KMS-001..003: rotation on, and a key policy giving the account root kms:*.
 * AWS services that write to the bucket (CloudTrail, AWS Config, VPC flow logs, …) need the key
 * as well once the bucket defaults to SSE-KMS: S3 asks KMS for a data key on the writer's behalf
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
 */
export function compliantKeyProperties(bucketId: string, deliveryServices: string[] = []): { [key: string]: FixValue } {
  const statements: FixValue[] = [
    {
      Sid: 'EnableRootAccess',
      Effect: 'Allow',
      Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
      Action: 'kms:*',
      Resource: '*',
    },
  ];
  if (deliveryServices.length > 0) {
    statements.push({
      Sid: 'AllowServiceDeliveries',
      Effect: 'Allow',
      Principal: { Service: deliveryServices.length === 1 ? deliveryServices[0] : deliveryServices },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
    });
  }
  return {
    Description: `Encrypts the objects of ${bucketId}`,
    EnableKeyRotation: true,
    KeyPolicy: { Version: '2012-10-17', Statement: statements },
  };
}

/** Services the bucket's own policy lets write objects (`Principal: {Service: …}` allowed `s3:PutObject`). */
function deliveryServices(bucket: S3Bucket): string[] {
  const services = new Set<string>();
  for (const policy of bucket.policies.filter((attached) => attached.certain)) {
    for (const statement of policy.document.statements) {
      if (!isAllow(statement) || grantsAction(statement, 's3:PutObject') !== true) continue;
      for (const entry of statement.principals ?? []) {
        if (entry.kind === 'Service' && entry.value.origin === 'explicit' && entry.value.value) services.add(entry.value.value);
      }
    }
  }
  return [...services].sort();
}

/**
 * "Switch to a customer-managed KMS key": one plan per symmetric, enabled key of the template,
 * then one that creates a key next to the bucket. Each sets SSE-KMS with the key's ARN and the
 * Bucket Key — or, for `aws:kms:dsse`, DSSE-KMS with the Bucket Key off (DSSE does not support it).
 */
export function customerManagedKeyFixes(model: AwsModel, bucket: S3Bucket, algorithm: 'aws:kms' | 'aws:kms:dsse' = 'aws:kms'): FixPlan[] {
  const rule = encryptionRulePath(bucket);
  const bucketKey = bucket.encryption.bucketKeyEnabled;
  const setBucketKey = algorithm === 'aws:kms' || (bucketKey.origin === 'explicit' && bucketKey.value === true);
  const algorithmIntent: FixIntent = { kind: 'set', resourceId: bucket.resource.id, path: [...rule, 'ServerSideEncryptionByDefault', 'SSEAlgorithm'], value: algorithm };
  const bucketKeyIntents: FixIntent[] = setBucketKey ? [{ kind: 'set', resourceId: bucket.resource.id, path: [...rule, 'BucketKeyEnabled'], value: algorithm === 'aws:kms' }] : [];
  // DSSE-KMS for a bucket that already has a customer-managed key: keep the key.
  const kmsKey = bucket.encryption.kmsKey;
  const hasCustomerKey = kmsKey.ref !== undefined || (kmsKey.origin === 'explicit' && kmsKey.value !== '' && !/(^|:)alias\/aws\/s3$/.test(kmsKey.value ?? ''));
  if (algorithm === 'aws:kms:dsse' && hasCustomerKey) {
    return withKeySwitchCaveats(bucket, [{ title: 'Switch to DSSE-KMS, keeping the customer-managed KMS key', safety: 'unsafe', intents: [algorithmIntent, ...bucketKeyIntents] }]);
  }
  const target = bucketKeyTarget(model, bucket);
  const namesAwsManagedKeyBySub = target.kind === 'awsManaged' && target.named && kmsKey.origin === 'unresolved' && !kmsKey.via;
  const useKey = (keyId: string): FixIntent[] => [
    algorithmIntent,
    {
      kind: 'set',
      resourceId: bucket.resource.id,
      path: [...rule, 'ServerSideEncryptionByDefault', 'KMSMasterKeyID'],
      value: getAtt(keyId, 'Arn'),
      // aws/s3 named by `!Sub 'arn:${AWS::Partition}:kms:…:alias/aws/s3'` is fully read: it may be replaced.
      ...(namesAwsManagedKeyBySub ? { replacesExpression: true as const } : {}),
    },
    ...bucketKeyIntents,
  ];
  const label = algorithm === 'aws:kms' ? 'customer-managed KMS key' : 'DSSE-KMS with the customer-managed KMS key';
  const existing = model.keys
    .filter((key, index, all) => all.findIndex((other) => other.resource.id === key.resource.id) === index)
    // A key that exists only under a condition can't serve a bucket that exists without it.
    .filter((key) => key.resource.condition === undefined || key.resource.condition === bucket.resource.condition)
    .filter((key) => model.keysById(key.resource.id).every((variant) =>
      variant.resource.nativeType === 'AWS::KMS::Key' &&
      variant.keySpec.value === 'SYMMETRIC_DEFAULT' && variant.keyUsage.value === 'ENCRYPT_DECRYPT' &&
      variant.enabled.value !== false && variant.enabled.origin !== 'unresolved' &&
      // An imported-material key (Origin: EXTERNAL) can't encrypt until someone imports its material.
      variant.origin.origin !== 'unresolved' && variant.origin.value !== 'EXTERNAL'))
    .map((key): FixPlan => ({ title: `Switch to ${algorithm === 'aws:kms' ? 'the ' : ''}${label} ${key.resource.id}`, safety: 'unsafe', intents: useKey(key.resource.id) }));
  const newKey = freshId(model, `${bucket.resource.id}Key`);
  const create: FixPlan = {
    title: `Switch to ${algorithm === 'aws:kms' ? 'a new customer-managed KMS key' : 'DSSE-KMS with a new customer-managed KMS key'} (${newKey})`,
    safety: 'unsafe',
    intents: [
      { kind: 'insertResource', afterId: bucket.resource.id, id: newKey, type: 'AWS::KMS::Key', condition: bucket.resource.condition, properties: compliantKeyProperties(bucket.resource.id, deliveryServices(bucket)) },
      ...useKey(newKey),
    ],
  };
  return withKeySwitchCaveats(bucket, [...existing, create]);
}

/**
 * Key switches that would silently break a reader or a copy are offered in the editor only, with
 * what to do first in their title, and never applied by --fix-unsafe:
 * - replication copies SSE-KMS objects only when its rules opt in and its role may use the key
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html);
 * - a CloudFront origin access identity (OAI) can't read SSE-KMS objects; origin access control
 *   (OAC) can (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
 */
function withKeySwitchCaveats(bucket: S3Bucket, plans: FixPlan[]): FixPlan[] {
  const caveat = bucket.replicates
    ? 'then let its replication rules copy SSE-KMS objects'
    : servedByOriginAccessIdentity(bucket)
      ? 'after moving CloudFront from the origin access identity to origin access control'
      : undefined;
  if (!caveat) return plans;
  return plans.map((plan) => ({ ...plan, title: `${plan.title}, ${caveat}`, suggestion: true }));
}

/** The bucket's policy grants a CloudFront OAI (its canonical user, or its `cloudfront:user` ARN). */
function servedByOriginAccessIdentity(bucket: S3Bucket): boolean {
  return bucket.policies.some((policy) =>
    policy.document.statements.some((statement) =>
      (statement.principals ?? []).some(
        (entry) => entry.kind === 'CanonicalUser' || (entry.kind === 'AWS' && /cloudfront:user\/CloudFront Origin Access Identity/.test(textOf(entry.value) ?? entry.value.expr ?? '')),
      ),
    ),
  );
}

/** The TLS-only deny statement of Security Hub S3.5, for a bucket of the template. */
export function tlsDenyStatement(bucketId: string, sid = 'DenyInsecureTransport'): FixValue {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [getAtt(bucketId, 'Arn'), sub(`\${${bucketId}.Arn}/*`)],
    Condition: { Bool: { 'aws:SecureTransport': false } },
  };
}

/** Add the deny statement to the bucket's own literal policy, or add a bucket policy for it. */
export function tlsOnlyFixes(model: AwsModel, bucket: S3Bucket): FixPlan[] {
  // A policy that may or may not be this bucket's: a second policy could replace it at deploy time.
  if (bucket.policies.some((attached) => !attached.certain)) return [];
  const policy = bucket.policies.find((attached) => attached.document.origin === 'explicit');
  if (policy) {
    // A deny on `aws:SecureTransport: true` is inverted: adding the right one would deny every request. Fix it by hand.
    if (policy.document.statements.some(deniesSecureTransport)) return [];
    // Sids must be unique within a bucket policy.
    const statement = tlsDenyStatement(bucket.resource.id, freshName(policy.document.statements.map((existing) => existing.sid), 'DenyInsecureTransport'));
    return [{
      title: `Add a TLS-only deny statement to ${policy.owner.id}`,
      safety: 'unsafe',
      intents: [{ kind: 'append', resourceId: policy.owner.id, path: ['PolicyDocument', 'Statement'], value: statement }],
    }];
  }
  const statement = tlsDenyStatement(bucket.resource.id);
  const policyId = freshId(model, `${bucket.resource.id}Policy`);
  return [{
    title: `Add a bucket policy (${policyId}) that denies requests without TLS`,
    safety: 'unsafe',
    intents: [{
      kind: 'insertResource',
      afterId: bucket.resource.id,
      id: policyId,
      type: 'AWS::S3::BucketPolicy',
      condition: bucket.resource.condition,
      properties: { Bucket: ref(bucket.resource.id), PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
    }],
  }];
}
