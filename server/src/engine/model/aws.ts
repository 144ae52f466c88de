import type { Located } from './located';
import type { PolicyDocument } from './policy';
import type { ResourceNode } from './resource';

/** A bucket's effective default encryption, whichever format declared it. */
export interface BucketEncryption {
  /** True when a default-encryption rule (`ServerSideEncryptionByDefault`) is written. */
  configured: boolean;
  /** `AES256`, `aws:kms`, `aws:kms:dsse`; `default` (value undefined) when none is configured: S3 then applies SSE-S3. */
  algorithm: Located<string>;
  /** The KMS key; `default` when absent (S3 then uses the AWS-managed `aws/s3` key for SSE-KMS). */
  kmsKey: Located<string>;
  bucketKeyEnabled: Located<boolean>;
  /** `BlockedEncryptionTypes.EncryptionType` entries over all rules; `default` when none is written. */
  blockedEncryptionTypes: Located<Located<string>[]>;
}

/** A policy attached to a bucket, with the resource that attaches it. */
export interface AttachedPolicy {
  document: PolicyDocument;
  owner: ResourceNode;
  /** False when the policy's target bucket could not be resolved: it may or may not be this bucket. */
  certain: boolean;
}

export interface S3Bucket {
  resource: ResourceNode;
  /** The literal bucket name, when written. */
  bucketName: Located<string>;
  encryption: BucketEncryption;
  /** Canned ACL (`AccessControl` / `acl`). */
  accessControl: Located<string>;
  /** True when another resource sends S3 server access logs or ELB access logs here (SSE-KMS is not supported for those). */
  receivesAccessLogs: boolean;
  /**
   * True when the bucket replicates its objects (a replication rule that is not disabled). S3
   * replicates SSE-KMS objects only when a rule opts in and the replication role may use the key
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html),
   * so changing the bucket's key can silently stop replication.
   */
  replicates: boolean;
  policies: AttachedPolicy[];
}

export interface KmsKey {
  resource: ResourceNode;
  keySpec: Located<string>;
  keyUsage: Located<string>;
  origin: Located<string>;
  enabled: Located<boolean>;
  rotation: Located<boolean>;
  rotationPeriodInDays: Located<number>;
  pendingWindowInDays: Located<number>;
  bypassPolicyLockoutSafetyCheck: Located<boolean>;
  policy: PolicyDocument;
  /** Replica keys inherit rotation from their primary. */
  isReplica: boolean;
}

/** An alias resource (`AWS::KMS::Alias`), so key references through it can be recognised. */
export interface KmsAlias {
  resource: ResourceNode;
  aliasName: Located<string>;
  /** `TargetKeyId`: a `ref` links the alias to a key of the template. */
  targetKey: Located<string>;
}

/** The typed view of one template (or module, or CDK app) that rules read. */
export interface AwsModel {
  buckets: S3Bucket[];
  keys: KmsKey[];
  aliases: KmsAlias[];
  /** All variants of the key with this id. */
  keysById(id: string): KmsKey[];
  /** Native type of any resource in the project, by id. */
  resourceType(id: string): string | undefined;
  /** True when a resource or parameter already has this name (logical IDs share one namespace). */
  nameInUse(name: string): boolean;
  /** False when no deployment gives these conditions these values (`C` and `!Not C` both true). */
  isPossible(conditions: Readonly<Record<string, boolean>>): boolean;
}
