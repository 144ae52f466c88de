import type { Rule } from '../server/src/engine';
import s3SseKms from './s3-sse-kms';
import s3CustomerManagedKey from './s3-customer-managed-key';
import s3BucketKey from './s3-bucket-key';
import s3BlockSseC from './s3-block-sse-c';
import s3TlsOnly from './s3-tls-only';
import s3KmsKeyReference from './s3-kms-key-reference';
import s3DsseKms from './s3-dsse-kms';
import kmsKeyRotation from './kms-key-rotation';
import kmsKeyPolicyWildcard from './kms-key-policy-wildcard';
import kmsKeyPolicyLockout from './kms-key-policy-lockout';
import kmsDeletionWindow from './kms-deletion-window';

/** Every rule, in catalog order (RULES.md). Output is sorted by position, so order only breaks ties. */
export const RULES: readonly Rule[] = [
  s3SseKms,
  s3CustomerManagedKey,
  s3BucketKey,
  s3BlockSseC,
  s3TlsOnly,
  s3KmsKeyReference,
  s3DsseKms,
  kmsKeyRotation,
  kmsKeyPolicyWildcard,
  kmsKeyPolicyLockout,
  kmsDeletionWindow,
];
