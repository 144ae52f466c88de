import { defineRule, parseNativePath, propertyName } from '../server/src/engine';

export default defineRule({
  meta: {
    id: 'KMS-004',
    name: 'kms-deletion-window',
    title: 'Short deletion window',
    why: 'A deleted KMS key makes every object encrypted under it unreadable forever; the waiting period is the only chance to cancel.',
    severity: 'info',
    messages: {
      shortWindow: {
        text: 'KMS key {{key}} can be deleted after only {{days}} days ({{property}}). Once the key is gone, all data encrypted under it is unreadable for good; the waiting period is the only time to notice and cancel. Set {{property}} to {{min}} (AWS allows 7 to 30).',
      },
      // Ciphertext under a deleted replica can still be decrypted by any related multi-Region key
      // (https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-delete.html).
      shortWindowReplica: {
        text: 'Replica key {{key}} can be deleted after only {{days}} days ({{property}}). Its data stays readable through the primary key and other replicas, but everything in this Region that uses the replica fails until it is replicated again; the waiting period is the time to notice and cancel. Set {{property}} to {{min}} (AWS allows 7 to 30).',
        why: 'A deleted replica key stops every use of the key in its Region; the waiting period is the only chance to cancel.',
      },
    },
    options: {
      minDays: { type: 'number', default: 30, description: 'Shortest acceptable deletion waiting period in days (AWS allows 7-30).' },
    },
    fix: { title: 'Set the deletion window to 30 days', safety: 'safe' },
    formats: ['cloudformation'],
  },
  check({ model, options, report }) {
    for (const key of model.keys) {
      const window = key.pendingWindowInDays;
      const min = Number(options.minDays);
      if (window.origin === 'explicit' && window.value !== undefined && window.value < min) {
        report({
          messageId: key.isReplica ? 'shortWindowReplica' : 'shortWindow',
          at: window,
          resource: key.resource,
          data: { key: key.resource.id, days: window.value, min, property: propertyName(window) },
          fixes: [{ title: `Set the deletion window to ${min} days`, safety: 'safe', intents: [{ kind: 'set', resourceId: key.resource.id, path: parseNativePath(window.nativePath), value: min }] }],
        });
      }
    }
  },
});
