import { defineRule, propertyName } from '../server/src/engine';
import { grantsAction, isAllow, isReadable } from '../server/src/engine/rules/policy-semantics';

export default defineRule({
  meta: {
    id: 'KMS-003',
    name: 'kms-key-policy-lockout',
    title: 'The key could become unmanageable',
    why: 'A key policy that nobody may change leaves the key, and the data under it, unmanageable without AWS Support.',
    severity: 'error',
    messages: {
      noAdmin: {
        text: 'The key policy of KMS key {{key}} lets no principal manage it: no Allow statement grants kms:* or kms:PutKeyPolicy. Nobody could change the policy again, and CloudFormation refuses such a policy unless the lockout check is bypassed. Add a statement that allows kms:* to the account root (arn:${AWS::Partition}:iam::${AWS::AccountId}:root).',
      },
      bypass: {
        text: 'KMS key {{key}} sets {{property}}: true, which skips the check that stops a key policy from locking everyone out of the key. Remove it and give the account root kms:* in the key policy.',
      },
    },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const key of model.keys) {
      const bypass = key.bypassPolicyLockoutSafetyCheck;
      if (bypass.origin === 'explicit' && bypass.value === true) {
        report({ messageId: 'bypass', at: bypass, resource: key.resource, data: { key: key.resource.id, property: propertyName(bypass) } });
      }
      if (!isReadable(key.policy)) continue;
      const statements = key.policy.statements;
      const unknown = statements.some((statement) => statement.effect.origin !== 'explicit' || grantsAction(statement, 'kms:PutKeyPolicy') === undefined);
      if (unknown) continue;
      const manageable = statements.some((statement) => isAllow(statement) && grantsAction(statement, 'kms:PutKeyPolicy'));
      if (!manageable) report({ messageId: 'noAdmin', at: key.policy, resource: key.resource, data: { key: key.resource.id } });
    }
  },
});
