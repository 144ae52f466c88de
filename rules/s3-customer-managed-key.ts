import { defineRule, propertyName } from '../server/src/engine';
import type { Located } from '../server/src/engine';
import { textOf } from '../server/src/engine/rules/policy-semantics';
import { withPseudoParameterSamples } from '../server/src/engine/rules/reference-shape';
import { customerManagedKeyFixes } from './fixes/bucket-fixes';

import { AWS_MANAGED_S3_KEY } from '../server/src/engine/rules/key-target';

/**
 * The key as far as it is known: a literal, or an ARN built from pseudo parameters
 * (`!Sub 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/s3'` names aws/s3
 * in whichever account and Region it deploys to).
 */
function namesAwsManagedKey(kmsKey: Located<string>): boolean {
  if (kmsKey.origin === 'explicit') return AWS_MANAGED_S3_KEY.test(kmsKey.value ?? '');
  if (kmsKey.origin !== 'unresolved' || kmsKey.template === undefined) return false;
  return AWS_MANAGED_S3_KEY.test(withPseudoParameterSamples(kmsKey.template));
}

export default defineRule({
  meta: {
    id: 'S3-002',
    name: 's3-customer-managed-key',
    title: 'AWS-managed key instead of a customer-managed key',
    why: 'The AWS-managed aws/s3 key cannot be shared across accounts, its policy cannot be changed, and its use is harder to audit.',
    severity: 'warning',
    messages: {
      missingKey: { text: 'Bucket {{bucket}} uses {{algorithm}} {{without}}, so S3 encrypts with the AWS-managed key aws/s3. Its key policy cannot be changed or shared with other accounts, and its use is harder to audit. Set {{property}} to the ARN of a customer-managed KMS key.' },
      awsManagedKey: { text: 'Bucket {{bucket}} names the AWS-managed key aws/s3 ({{property}}: "{{key}}"). Its key policy cannot be changed or shared with other accounts, and its use is harder to audit. Use the ARN of a customer-managed KMS key.' },
    },
    fix: { title: 'Switch to a customer-managed KMS key', safety: 'unsafe' },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const bucket of model.buckets) {
      const { algorithm, kmsKey } = bucket.encryption;
      if (algorithm.origin !== 'explicit' || (algorithm.value !== 'aws:kms' && algorithm.value !== 'aws:kms:dsse')) continue;
      const property = propertyName(kmsKey);
      // An empty value written (or from a parameter default) reads differently from a missing property.
      const without = kmsKey.origin === 'explicit' ? `with an empty ${property}` : `without ${property}`;
      const data = { bucket: bucket.resource.id, algorithm: algorithm.value, property, key: kmsKey.value ?? '', without };
      // DSSE-KMS stays DSSE-KMS: only the key changes.
      const fixes = customerManagedKeyFixes(model, bucket, algorithm.value);
      if (kmsKey.origin === 'default') report({ messageId: 'missingKey', at: bucket.resource, resource: bucket.resource, data, fixes });
      else if (kmsKey.origin === 'explicit' && kmsKey.value === '') report({ messageId: 'missingKey', at: kmsKey, resource: bucket.resource, data, fixes });
      else if (namesAwsManagedKey(kmsKey)) {
        report({ messageId: 'awsManagedKey', at: kmsKey, resource: bucket.resource, data: { ...data, key: textOf(kmsKey) ?? '' }, fixes });
      }
    }
  },
});
