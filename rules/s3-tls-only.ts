import { defineRule } from '../server/src/engine';
import { coversBucketAndObjects, deniesInsecureTransport, isReadable } from '../server/src/engine/rules/policy-semantics';
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
    },
    fix: { title: 'Add a TLS-only deny statement', safety: 'unsafe' },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const bucket of model.buckets) {
      const policies = bucket.policies;
      // A policy we can't read (or can't tell is attached elsewhere) might hold the statement: stay silent.
      if (policies.some((policy) => !isReadable(policy.document))) continue;
      const enforced = policies.some((policy) =>
        policy.document.statements.some(
          (statement) => deniesInsecureTransport(statement) && (!policy.certain || coversBucketAndObjects(statement, bucket, model.resourceType)),
        ),
      );
      if (enforced) continue;
      // A policy attached to a bucket we can't name may be this bucket's: then "no policy" may be untrue.
      const data = { bucket: bucket.resource.id };
      report({ messageId: policies.length === 0 ? 'noPolicy' : 'noTlsDeny', at: bucket.resource, resource: bucket.resource, data, fixes: tlsOnlyFixes(model, bucket) });
    }
  },
});
