import { defineRule, parseNativePath, propertyName } from '../server/src/engine';

export default defineRule({
  meta: {
    id: 'S3-003',
    name: 's3-bucket-key',
    title: 'SSE-KMS without an S3 Bucket Key',
    why: 'Without a Bucket Key every object read and write calls KMS: cost, and throttling against the shared per-account KMS request quota.',
    severity: 'warning',
    messages: {
      missing: { text: 'Bucket {{bucket}} uses SSE-KMS without an S3 Bucket Key ({{property}} is not true), so every object read and write calls KMS. A Bucket Key cuts those requests by up to 99% and keeps the bucket clear of the shared per-account, per-Region KMS request quota (throttling shows up as failed S3 reads and writes). Set {{property}}: true.' },
      bucketKeyWithDsse: { text: 'Bucket {{bucket}} sets {{property}}: true with DSSE-KMS (aws:kms:dsse), which does not support S3 Bucket Keys. Remove {{property}}, or use aws:kms if a Bucket Key is wanted.', why: 'S3 does not support Bucket Keys with DSSE-KMS: the setting promises a cost saving that does not happen.' },
    },
    fix: { title: 'Enable the S3 Bucket Key', safety: 'safe' },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const bucket of model.buckets) {
      const { algorithm, bucketKeyEnabled } = bucket.encryption;
      if (algorithm.origin !== 'explicit' || bucketKeyEnabled.origin === 'unresolved') continue;
      const data = { bucket: bucket.resource.id, property: propertyName(bucketKeyEnabled) };
      if (algorithm.value === 'aws:kms' && bucketKeyEnabled.value === false) {
        const fix = { kind: 'set' as const, resourceId: bucket.resource.id, path: parseNativePath(bucketKeyEnabled.nativePath), value: true };
        report({ messageId: 'missing', at: bucketKeyEnabled, resource: bucket.resource, data, fixes: [{ title: 'Enable the S3 Bucket Key', safety: 'safe', intents: [fix] }] });
      } else if (algorithm.value === 'aws:kms:dsse' && bucketKeyEnabled.origin === 'explicit' && bucketKeyEnabled.value === true) {
        report({ messageId: 'bucketKeyWithDsse', at: bucketKeyEnabled, resource: bucket.resource, data });
      }
    }
  },
});
