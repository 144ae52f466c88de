import { defineRule, parseNativePath, propertyName } from '../server/src/engine';
import type { KmsKey } from '../server/src/engine';

/**
 * AWS rotates only symmetric encryption keys with AWS-generated material: never asymmetric, HMAC,
 * imported (EXTERNAL) or custom-key-store keys (https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html).
 */
function canRotate(key: KmsKey): boolean | undefined {
  const fields = [key.keySpec, key.keyUsage, key.origin];
  if (fields.some((field) => field.origin === 'unresolved')) return undefined;
  return key.keySpec.value === 'SYMMETRIC_DEFAULT' && key.keyUsage.value === 'ENCRYPT_DECRYPT' && key.origin.value === 'AWS_KMS';
}

export default defineRule({
  meta: {
    id: 'KMS-001',
    name: 'kms-key-rotation',
    title: 'Automatic key rotation is off',
    why: 'Without rotation the same key material protects all data for the key\'s whole life (Security Hub KMS.4).',
    severity: 'warning',
    messages: {
      rotationOff: {
        text: 'KMS key {{key}} does not rotate its key material ({{property}} is not true). Yearly rotation limits how much data one key material protects and is required by Security Hub KMS.4; old data stays readable, and each new key material adds $1 a month (AWS KMS pricing). Set {{property}}: true.',
      },
      periodTooLong: {
        text: 'KMS key {{key}} rotates only every {{days}} days ({{property}}), longer than the {{max}}-day maximum configured. Set {{property}} to {{max}} or less.',
        why: 'The longer a rotation period, the more data one key material protects (Security Hub KMS.4 expects yearly rotation).',
      },
    },
    options: {
      maxRotationDays: { type: 'number', default: 365, description: 'Longest acceptable rotation period in days.' },
    },
    fix: { title: 'Enable key rotation', safety: 'safe' },
    formats: ['cloudformation'],
  },
  check({ model, options, report }) {
    for (const key of model.keys) {
      if (key.isReplica || canRotate(key) !== true) continue;
      const rotation = key.rotation;
      if (rotation.origin === 'unresolved') continue;
      if (rotation.value === false) {
        const fix = { kind: 'set' as const, resourceId: key.resource.id, path: parseNativePath(rotation.nativePath), value: true };
        report({
          messageId: 'rotationOff',
          at: rotation,
          resource: key.resource,
          data: { key: key.resource.id, property: propertyName(rotation) },
          fixes: [{ title: 'Enable automatic key rotation', safety: 'safe', intents: [fix] }],
        });
        continue;
      }
      const period = key.rotationPeriodInDays;
      const max = Number(options.maxRotationDays);
      if (period.origin === 'explicit' && period.value !== undefined && period.value > max) {
        report({
          messageId: 'periodTooLong',
          at: period,
          resource: key.resource,
          data: { key: key.resource.id, days: period.value, max, property: propertyName(period) },
          fixes: [{ title: `Rotate every ${max} days`, safety: 'safe', intents: [{ kind: 'set', resourceId: key.resource.id, path: parseNativePath(period.nativePath), value: max }] }],
        });
      }
    }
  },
});
