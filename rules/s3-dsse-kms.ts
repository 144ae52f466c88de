import { defineRule, propertyName } from '../server/src/engine';
import { customerManagedKeyFixes } from './fixes/bucket-fixes';

export default defineRule({
  meta: {
    id: 'S3-007',
    name: 's3-dsse-kms',
    title: 'DSSE-KMS required (profile dsse)',
    why: 'Some compliance regimes (e.g. CNSSP 15 two-layer encryption) require dual-layer server-side encryption.',
    severity: 'off',
    profiles: { dsse: 'warning' },
    messages: {
      notDsse: {
        text: 'Bucket {{bucket}} uses {{algorithm}}, but the dsse profile requires dual-layer encryption. Set {{property}} to aws:kms:dsse with a customer-managed KMS key (DSSE-KMS costs more and does not support Bucket Keys).',
      },
    },
    fix: { title: 'Switch to DSSE-KMS', safety: 'unsafe' },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const bucket of model.buckets) {
      const algorithm = bucket.encryption.algorithm;
      if (algorithm.origin === 'unresolved' || algorithm.value === 'aws:kms:dsse') continue;
      const data = {
        bucket: bucket.resource.id,
        algorithm: algorithm.origin === 'default' ? 'no default encryption (SSE-S3)' : String(algorithm.value),
        property: propertyName(algorithm),
      };
      const fixes = customerManagedKeyFixes(model, bucket, 'aws:kms:dsse');
      report({ messageId: 'notDsse', at: algorithm.origin === 'default' ? bucket.resource : algorithm, resource: bucket.resource, data, fixes });
    }
  },
});
