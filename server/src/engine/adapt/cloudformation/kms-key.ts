import type { KmsKey } from '../../model/aws';
import type { ResourceNode } from '../../model/resource';
import { entryOf, valueOf } from '../../model/tree';
import { readPolicyDocument } from '../policy-document';
import type { TemplateScope } from './template-scope';

/**
 * Reads `AWS::KMS::Key` / `AWS::KMS::ReplicaKey`. Defaults are the CloudFormation schema's
 * (AWS-FACTS §1.4): symmetric `ENCRYPT_DECRYPT` `AWS_KMS` key, enabled, rotation off,
 * 365-day rotation period, 30-day deletion window.
 */
export function readKey(resource: ResourceNode, scope: TemplateScope): KmsKey {
  const props = resource.properties;
  const anchor = resource.anchor;
  const isReplica = resource.nativeType === 'AWS::KMS::ReplicaKey';
  const inherited = (nativePath: string) =>
    ({ value: undefined, origin: 'unresolved', range: anchor, nativePath, expr: 'inherited from the primary key' }) as const;
  return {
    resource,
    keySpec: isReplica ? inherited('KeySpec') : scope.locateString(valueOf(props, 'KeySpec'), 'KeySpec', anchor, 'SYMMETRIC_DEFAULT'),
    keyUsage: isReplica ? inherited('KeyUsage') : scope.locateString(valueOf(props, 'KeyUsage'), 'KeyUsage', anchor, 'ENCRYPT_DECRYPT'),
    origin: isReplica ? inherited('Origin') : scope.locateString(valueOf(props, 'Origin'), 'Origin', anchor, 'AWS_KMS'),
    enabled: scope.locateBoolean(valueOf(props, 'Enabled'), 'Enabled', anchor, true),
    rotation: isReplica ? inherited('EnableKeyRotation') : scope.locateBoolean(valueOf(props, 'EnableKeyRotation'), 'EnableKeyRotation', anchor, false),
    rotationPeriodInDays: scope.locateNumber(valueOf(props, 'RotationPeriodInDays'), 'RotationPeriodInDays', anchor, 365),
    pendingWindowInDays: scope.locateNumber(valueOf(props, 'PendingWindowInDays'), 'PendingWindowInDays', anchor, 30),
    bypassPolicyLockoutSafetyCheck: scope.locateBoolean(
      valueOf(props, 'BypassPolicyLockoutSafetyCheck'),
      'BypassPolicyLockoutSafetyCheck',
      anchor,
      false,
    ),
    policy: readPolicyDocument(valueOf(props, 'KeyPolicy'), 'KeyPolicy', anchor, scope, entryOf(props, 'KeyPolicy')?.keyRange),
    isReplica,
  };
}
