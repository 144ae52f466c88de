import { defineRule } from '../server/src/engine';
import { tlsEnforcement } from '../server/src/engine/rules/policy-semantics';
import type { PolicyStatement } from '../server/src/engine/model/policy';
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
        text: 'Bucket {{bucket}} has no bucket policy{{when}}, so requests over plain HTTP are not denied (Security Hub S3.5). Add a bucket policy statement that denies s3:* to principal * on the bucket and its objects when aws:SecureTransport is false.',
      },
      noTlsDeny: {
        text: 'No bucket policy that applies to {{bucket}} denies requests over plain HTTP{{when}} (Security Hub S3.5). Add a statement that denies s3:* to principal * on the bucket ARN and its /* objects when aws:SecureTransport is false.',
      },
      invertedTlsDeny: {
        text: 'Bucket policy {{policy}} denies requests to {{bucket}} when aws:SecureTransport is true{{statement}}{{when}}: that refuses every HTTPS request and lets plain HTTP through (Security Hub S3.5). Change the condition value to false.',
      },
      tlsDenyElsewhere: {
        text: 'Bucket policy {{policy}} denies plain HTTP{{statement}}, but its Resource names other resources, not {{bucket}}{{when}}, so {{bucket}} still accepts plain HTTP (Security Hub S3.5). Point that statement\'s Resource at the bucket ARN and its /* objects.',
      },
      tlsDenyTooNarrow: {
        text: 'Bucket policy {{policy}} denies plain HTTP{{statement}} only on part of {{bucket}}{{when}}: its Resource does not cover {{missing}}, so requests there are still accepted over plain HTTP (Security Hub S3.5). Add {{add}} to that statement\'s Resource.',
      },
    },
    fix: { title: 'Add a TLS-only deny statement', safety: 'unsafe' },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const bucket of model.buckets) {
      const tls = tlsEnforcement(bucket, model);
      // A policy we can't read might hold the statement: stay silent.
      if (tls.state === 'enforced' || tls.state === 'unknown') continue;
      const at = bucket.resource;
      // In some deployments only (a conditional policy): one bucket policy per bucket, so no second one is added.
      const fixes = tls.when ? [] : tlsOnlyFixes(model, bucket);
      const base = { bucket: bucket.resource.id, when: tls.when ? ` when ${tls.when}` : '' };
      if (tls.state === 'partial' && !tls.covered.names) {
        report({ messageId: 'tlsDenyElsewhere', at, resource: bucket.resource, data: { ...base, policy: tls.policy.owner.id, statement: statementName(tls.statement) }, fixes });
      } else if (tls.state === 'partial') {
        const { bucket: bucketCovered, objects: objectsCovered } = tls.covered;
        const data = {
          ...base,
          policy: tls.policy.owner.id,
          statement: statementName(tls.statement),
          missing: bucketCovered ? 'its objects (the bucket ARN followed by /*)' : objectsCovered ? 'the bucket ARN itself (bucket-level requests such as ListBucket)' : 'the bucket ARN or all of its objects',
          add: bucketCovered ? 'the objects ARN (…/*)' : objectsCovered ? 'the bucket ARN' : 'the bucket ARN and the objects ARN (…/*)',
        };
        report({ messageId: 'tlsDenyTooNarrow', at, resource: bucket.resource, data, fixes });
      } else if (tls.state === 'inverted') {
        report({ messageId: 'invertedTlsDeny', at, resource: bucket.resource, data: { ...base, policy: tls.policy.owner.id, statement: statementName(tls.statement) }, fixes });
      } else {
        report({ messageId: tls.state === 'noPolicy' ? 'noPolicy' : 'noTlsDeny', at, resource: bucket.resource, data: base, fixes });
      }
    }
  },
});

function statementName(statement: PolicyStatement): string {
  return statement.sid ? ` (statement ${statement.sid})` : '';
}
