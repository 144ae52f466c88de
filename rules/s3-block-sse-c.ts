import { defineRule, parseNativePath, propertyName } from '../server/src/engine';
import { encryptionRulePath } from './fixes/bucket-fixes';
import { sseCBlocking } from '../server/src/engine/rules/policy-semantics';

export default defineRule({
  meta: {
    id: 'S3-004',
    name: 's3-block-sse-c',
    title: 'SSE-C is not blocked',
    why: 'SSE-C lets any writer encrypt objects with a key the owner never sees (abused by ransomware in 2025).',
    severity: 'warning',
    messages: {
      explicitlyAllowed: {
        text: 'Bucket {{bucket}} explicitly allows SSE-C ({{property}} contains NONE). SSE-C lets any writer encrypt objects with a key the bucket owner never sees, which ransomware has used to make data unreadable. Replace NONE with SSE-C.',
        severity: 'error',
      },
      notBlocked: {
        text: 'Bucket {{bucket}} does not block SSE-C: no encryption rule blocks it and no bucket policy denies SSE-C uploads{{when}}. SSE-C lets any writer encrypt objects with a key the owner never sees (abused by ransomware); S3 blocks it by default only for buckets created after April 2026, and not in every account or Region. Add SSE-C to {{setting}}.',
      },
    },
    options: {
      trustNewBucketDefault: {
        type: 'boolean',
        default: false,
        description: 'Trust that the bucket was created after S3 began blocking SSE-C by default (April 2026): report only an explicit NONE.',
      },
    },
    fix: { title: 'Block SSE-C', safety: 'unsafe' },
    formats: ['cloudformation'],
  },
  check({ model, options, report }) {
    for (const bucket of model.buckets) {
      const blocked = bucket.encryption.blockedEncryptionTypes;
      if (blocked.origin === 'unresolved') continue;
      // `BlockedEncryptionTypes.EncryptionType` (CloudFormation) — the setting below the encryption rule.
      const setting = blocked.nativePath.replace(/^.*\]\./, '');
      const data = { bucket: bucket.resource.id, property: propertyName(blocked), setting };
      const types = blocked.value ?? [];
      const allowed = types.find((type) => type.value === 'NONE');
      if (allowed) {
        const fix = { kind: 'set' as const, resourceId: bucket.resource.id, path: parseNativePath(allowed.nativePath), value: 'SSE-C' };
        // With SSE-C already listed, replacing NONE would list it twice (and there is no removal intent).
        const fixes = types.some((type) => type.value === 'SSE-C') ? [] : [{ title: 'Block SSE-C (replace NONE)', safety: 'unsafe' as const, intents: [fix] }];
        report({ messageId: 'explicitlyAllowed', at: allowed, resource: bucket.resource, data, fixes });
        continue;
      }
      if (options.trustNewBucketDefault || types.some((type) => type.value === 'SSE-C')) continue;
      // A deny in a bucket policy must hold in every deployment (conditional policies, Fn::If statements).
      const blocking = sseCBlocking(bucket, model);
      if (blocking.state !== 'notBlocked') continue;
      const when = blocking.when ? ` when ${blocking.when}` : '';
      const path = [...encryptionRulePath(bucket), 'BlockedEncryptionTypes', 'EncryptionType'];
      const fix = { kind: 'append' as const, resourceId: bucket.resource.id, path, value: 'SSE-C' };
      report({ messageId: 'notBlocked', at: bucket.resource, resource: bucket.resource, data: { ...data, when }, fixes: [{ title: 'Block SSE-C', safety: 'unsafe', intents: [fix] }] });
    }
  },
});
