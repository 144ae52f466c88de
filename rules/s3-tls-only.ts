import { defineRule } from '../server/src/engine';
import { deniesInsecureTransport, deniesSecureTransport, isReadable, resourceCoverage } from '../server/src/engine/rules/policy-semantics';
import { tlsOnlyFixes } from './fixes/bucket-fixes';

export default defineRule({
  meta: {
    id: 'S3-005',
    name: 's3-tls-only',
    title: 'Requests without TLS are not denied',
    why: 'Without a deny on aws:SecureTransport false, clients can read and write the bucket over plain HTTP.',
    severity: 'warning',
    messages: {
      noPolicy: {
        text: 'Bucket {{bucket}} has no bucket policy, so requests over plain HTTP are not denied (Security Hub S3.5). Add a bucket policy statement that denies s3:* to principal * on the bucket and its objects when aws:SecureTransport is false.',
      },
      noTlsDeny: {
        text: 'No bucket policy that applies to {{bucket}} denies requests over plain HTTP (Security Hub S3.5). Add a statement that denies s3:* to principal * on the bucket ARN and its /* objects when aws:SecureTransport is false.',
      },
      invertedTlsDeny: {
        text: 'Bucket policy {{policy}} denies requests to {{bucket}} when aws:SecureTransport is true{{statement}}: that refuses every HTTPS request and lets plain HTTP through (Security Hub S3.5). Change the condition value to false.',
      },
      tlsDenyTooNarrow: {
        text: 'Bucket policy {{policy}} denies plain HTTP{{statement}} only on part of {{bucket}}: its Resource does not cover {{missing}}, so requests there are still accepted over plain HTTP (Security Hub S3.5). Add {{add}} to that statement\'s Resource.',
      },
    },
    fix: { title: 'Add a TLS-only deny statement', safety: 'unsafe' },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const bucket of model.buckets) {
      const policies = bucket.policies;
      // A policy we can't read (or can't tell is attached elsewhere) might hold the statement: stay silent.
      if (policies.some((policy) => !isReadable(policy.document))) continue;
      // TLS deny statements with what each covers; a policy that may be another bucket's counts as covering.
      const denies = policies.flatMap((policy) =>
        policy.document.statements.filter(deniesInsecureTransport).map((statement) => ({
          policy,
          statement,
          covered: policy.certain ? resourceCoverage(statement, bucket, model.resourceType) : { bucket: true, objects: true },
        })),
      );
      if (denies.some(({ covered }) => covered.bucket && covered.objects)) continue;
      const fixes = tlsOnlyFixes(model, bucket);
      const partial = denies.find(({ covered }) => covered.bucket || covered.objects) ?? denies[0];
      if (partial) {
        const { bucket: bucketCovered, objects: objectsCovered } = partial.covered;
        const sid = partial.statement.sid;
        const data = {
          bucket: bucket.resource.id,
          policy: partial.policy.owner.id,
          statement: sid ? ` (statement ${sid})` : '',
          missing: bucketCovered ? 'its objects (the bucket ARN followed by /*)' : objectsCovered ? 'the bucket ARN itself (bucket-level requests such as ListBucket)' : 'the bucket ARN or all of its objects',
          add: bucketCovered ? 'the objects ARN (…/*)' : objectsCovered ? 'the bucket ARN' : 'the bucket ARN and the objects ARN (…/*)',
        };
        report({ messageId: 'tlsDenyTooNarrow', at: bucket.resource, resource: bucket.resource, data, fixes });
        continue;
      }
      const inverted = policies.flatMap((policy) => policy.document.statements.filter(deniesSecureTransport).map((statement) => ({ policy, statement })))[0];
      if (inverted) {
        const sid = inverted.statement.sid;
        const data = { bucket: bucket.resource.id, policy: inverted.policy.owner.id, statement: sid ? ` (statement ${sid})` : '' };
        report({ messageId: 'invertedTlsDeny', at: bucket.resource, resource: bucket.resource, data, fixes });
        continue;
      }
      const data = { bucket: bucket.resource.id };
      report({ messageId: policies.length === 0 ? 'noPolicy' : 'noTlsDeny', at: bucket.resource, resource: bucket.resource, data, fixes });
    }
  },
});
