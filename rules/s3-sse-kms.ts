import { defineRule, propertyName } from '../server/src/engine';
import { customerManagedKeyFixes } from './fixes/bucket-fixes';

export default defineRule({
  meta: {
    id: 'S3-001',
    name: 's3-sse-kms',
    title: 'Default encryption is not SSE-KMS',
    why: 'With SSE-S3 anyone allowed s3:GetObject can read the data: no key policy, no kms:Decrypt check, no per-key audit trail.',
    severity: 'warning',
    messages: {
      aes256: { text: 'Bucket {{bucket}} is encrypted with SSE-S3 ({{property}}: AES256). S3-managed keys give no second permission check and no key-level audit trail. Use aws:kms with a customer-managed KMS key.' },
      noEncryption: { text: 'Bucket {{bucket}} has no default encryption (no {{property}} under {{config}}), so S3 applies SSE-S3 (AES256). S3-managed keys give no second permission check and no key-level audit trail. Add {{config}} with aws:kms and a customer-managed KMS key.' },
    },
    fix: { title: 'Switch to a customer-managed KMS key', safety: 'unsafe' },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const bucket of model.buckets) {
      // Server access logs and ELB access logs can only be delivered to SSE-S3 buckets
      // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
      if (bucket.receivesAccessLogs) continue;
      const acl = bucket.accessControl;
      if (acl.origin === 'unresolved' || acl.value === 'LogDeliveryWrite') continue;
      const algorithm = bucket.encryption.algorithm;
      const data = { bucket: bucket.resource.id, property: propertyName(algorithm), config: algorithm.nativePath.split('.')[0] };
      const fixes = () => customerManagedKeyFixes(model, bucket);
      if (algorithm.origin === 'default') report({ messageId: 'noEncryption', at: bucket.resource, resource: bucket.resource, data, fixes: fixes() });
      else if (algorithm.origin === 'explicit' && algorithm.value === 'AES256') {
        report({ messageId: 'aes256', at: algorithm, resource: bucket.resource, data, fixes: fixes() });
      }
    }
  },
});
