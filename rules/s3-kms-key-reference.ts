import { defineRule, getAtt, parseNativePath, propertyName } from '../server/src/engine';
import type { FixPlan, KmsKey, S3Bucket } from '../server/src/engine';
import { AWS_MANAGED_S3_KEY, bucketKeyTarget } from '../server/src/engine/rules/key-target';
import { sampleTemplate } from '../server/src/engine/rules/reference-shape';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const KEY_ID = `(${UUID}|mrk-[0-9a-fA-F]{32})`;
const ARN_PREFIX = 'arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:';
const KEY_ARN = new RegExp(`^${ARN_PREFIX}key/${KEY_ID}$`);
const BARE_KEY_ID = new RegExp(`^${KEY_ID}$`);
const ALIAS_NAME = /^alias\/[A-Za-z0-9/_-]+$/;
const ALIAS_ARN = new RegExp(`^${ARN_PREFIX}alias/[A-Za-z0-9/_-]+$`);

type Verdict = 'malformed' | 'aliasReference' | 'bareKeyId' | undefined;

/**
 * Suggestion (editor only, as RULES.md has it): name the same key of the template by its ARN,
 * `!GetAtt Key.Arn`, which S3 needs for cross-account and service access and which an alias
 * update can't redirect.
 */
function useKeyArn(bucket: S3Bucket, keyId: string): FixPlan[] {
  // A value from a parameter default is the parameter's to change, not this property's.
  if (bucket.encryption.kmsKey.via) return [];
  const path = parseNativePath(bucket.encryption.kmsKey.nativePath);
  return [{ title: `Use the key ARN (!GetAtt ${keyId}.Arn)`, safety: 'safe', suggestion: true, intents: [{ kind: 'set', resourceId: bucket.resource.id, path, value: getAtt(keyId, 'Arn'), replacesExpression: true }] }];
}

/** Classifies a literal KMS key reference (S3 accepts a key ID, key ARN, alias name or alias ARN). */
function classifyLiteral(value: string): Verdict {
  if (value === '' || AWS_MANAGED_S3_KEY.test(value) || KEY_ARN.test(value)) return undefined;
  if (BARE_KEY_ID.test(value)) return 'bareKeyId';
  if (ALIAS_NAME.test(value) || ALIAS_ARN.test(value)) return 'aliasReference';
  return 'malformed';
}

function isSymmetric(key: KmsKey): boolean | undefined {
  if (key.keySpec.origin === 'unresolved' || key.keyUsage.origin === 'unresolved') return undefined;
  return key.keySpec.value === 'SYMMETRIC_DEFAULT' && key.keyUsage.value === 'ENCRYPT_DECRYPT';
}

export default defineRule({
  meta: {
    id: 'S3-006',
    name: 's3-kms-key-reference',
    title: "The bucket's key reference is wrong or fragile",
    why: 'S3 does not validate the key when the bucket is created: a wrong reference deploys fine and every write fails later.',
    severity: 'warning',
    messages: {
      notSymmetric: {
        text: 'Bucket {{bucket}} uses KMS key {{key}}, which is not a symmetric encryption key ({{spec}}). S3 supports only symmetric ENCRYPT_DECRYPT keys: every write would fail. Use a SYMMETRIC_DEFAULT key.',
        severity: 'error',
      },
      keyDisabled: {
        text: 'Bucket {{bucket}} uses KMS key {{key}}, which is disabled (Enabled: false). Every encrypted write and every read of existing objects would fail. Enable the key or use another one.',
        severity: 'error',
      },
      malformed: {
        text: 'Bucket {{bucket}} has {{property}} "{{value}}", which is neither a key ID, a key ARN, an alias name nor an alias ARN. S3 does not validate it, so it deploys and every write fails later. Use the key ARN (arn:aws:kms:<region>:<account>:key/<key-id>).',
        severity: 'error',
      },
      aliasReference: {
        text: 'Bucket {{bucket}} refers to its KMS key by alias ({{value}}). An alias is resolved in the requester\'s account, so cross-account writers may encrypt with their own key. Use the key ARN.',
        why: 'An alias is resolved in the caller\'s account: objects written by another account can end up under that account\'s key, unreadable to the bucket owner.',
        severity: 'warning',
      },
      bareKeyId: {
        text: 'Bucket {{bucket}} refers to its KMS key by key ID ({{value}}). Cross-account and AWS service access need the full key ARN. Use the key ARN{{hint}}.',
        why: 'S3 needs the fully qualified key ARN for cross-account and AWS service operations; a bare key ID only works for the bucket owner\'s own requests.',
        severity: 'info',
      },
    },
    formats: ['cloudformation'],
  },
  check({ model, report }) {
    for (const bucket of model.buckets) {
      const { algorithm, kmsKey } = bucket.encryption;
      if (algorithm.origin === 'explicit' && algorithm.value === 'AES256') continue;
      const base = { bucket: bucket.resource.id, property: propertyName(kmsKey) };
      const value = kmsKey.expr ?? kmsKey.value ?? '';
      /** Judges a reference to a key of the template: its spec and state, then how it is named. */
      const judgeKey = (keyId: string, byKeyId: boolean, alias?: string): void => {
        const variants = model.keysById(keyId);
        const named = alias ? `${keyId} (through alias ${alias})` : keyId;
        const asymmetric = variants.find((key) => isSymmetric(key) === false);
        if (asymmetric) {
          const spec = `${asymmetric.keySpec.value}, ${asymmetric.keyUsage.value}`;
          report({ messageId: 'notSymmetric', at: kmsKey, resource: bucket.resource, data: { ...base, key: named, spec } });
        } else if (variants.some((key) => key.enabled.origin === 'explicit' && key.enabled.value === false)) {
          report({ messageId: 'keyDisabled', at: kmsKey, resource: bucket.resource, data: { ...base, key: named } });
        } else if (byKeyId) {
          const hint = `: !GetAtt ${keyId}.Arn (Ref of an AWS::KMS::Key returns its key ID)`;
          report({ messageId: 'bareKeyId', at: kmsKey, resource: bucket.resource, data: { ...base, value, hint }, fixes: useKeyArn(bucket, keyId) });
        }
      };
      /**
       * An alias: fragile by itself. When it is the template's alias of a template key, the
       * suggestion is that key's ARN, and the key behind it is judged too.
       */
      const reportAlias = (shown: string | undefined): void => {
        const target = bucketKeyTarget(model, bucket);
        const fixes = target.kind === 'templateKey' ? useKeyArn(bucket, target.keyId) : [];
        report({ messageId: 'aliasReference', at: kmsKey, resource: bucket.resource, data: { ...base, value: shown ?? '' }, fixes });
        if (target.kind === 'templateKey') judgeKey(target.keyId, false, target.alias);
      };
      if (kmsKey.ref) {
        const type = model.resourceType(kmsKey.ref.id);
        if (type === 'AWS::KMS::Alias' && kmsKey.ref.attribute === 'Ref') {
          reportAlias(kmsKey.expr ?? kmsKey.ref.id);
        } else if (type === 'AWS::KMS::Key' || type === 'AWS::KMS::ReplicaKey') {
          judgeKey(kmsKey.ref.id, kmsKey.ref.attribute === 'Ref' || kmsKey.ref.attribute === 'KeyId');
        }
        continue;
      }
      if (kmsKey.origin === 'unresolved' && kmsKey.template !== undefined) {
        // Built at deploy time (`!Sub`, `Fn::Join`, as CDK synthesizes): judged by its shape only
        // where that shape is certain; a shape we can't classify is never called malformed.
        const sampled = sampleTemplate(kmsKey.template, model.resourceType);
        if (!sampled) continue;
        const verdict = classifyLiteral(sampled.text);
        // The value as a `${…}` pattern reads better than the expression (a JSON Fn::Join spans lines).
        if (verdict === 'aliasReference') reportAlias(kmsKey.template);
        else if (verdict === undefined && KEY_ARN.test(sampled.text) && sampled.resources.length === 1) judgeKey(sampled.resources[0], false);
        continue;
      }
      if (kmsKey.origin !== 'explicit' || kmsKey.value === undefined) continue;
      const verdict = classifyLiteral(kmsKey.value);
      if (verdict === 'aliasReference') reportAlias(kmsKey.value);
      else if (verdict) report({ messageId: verdict, at: kmsKey, resource: bucket.resource, data: { ...base, value: kmsKey.value, hint: '' } });
    }
  },
});
