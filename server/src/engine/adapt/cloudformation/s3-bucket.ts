import type { Located } from '../../model/located';
import type { BucketEncryption, S3Bucket } from '../../model/aws';
import type { ResourceNode } from '../../model/resource';
import type { TreeNode } from '../../model/tree';
import { nodeText, valueOf } from '../../model/tree';
import type { TemplateScope } from './template-scope';

const RULES_PATH = 'BucketEncryption.ServerSideEncryptionConfiguration';

/** Reads an `AWS::S3::Bucket` into the format-neutral bucket view. */
export function readBucket(resource: ResourceNode, scope: TemplateScope): S3Bucket {
  const properties = resource.properties;
  return {
    resource,
    bucketName: scope.locateString(valueOf(properties, 'BucketName'), 'BucketName', resource.anchor),
    encryption: readEncryption(resource, scope),
    accessControl: scope.locateString(valueOf(properties, 'AccessControl'), 'AccessControl', resource.anchor),
    receivesAccessLogs: false,
    replicates: replicates(valueOf(properties, 'ReplicationConfiguration')),
    policies: [],
  };
}

/** A `ReplicationConfiguration` with a rule that is not literally `Status: Disabled` (an unreadable one counts). */
function replicates(configuration: TreeNode | undefined): boolean {
  if (!configuration) return false;
  const rules = valueOf(configuration, 'Rules');
  if (rules?.kind !== 'seq') return true;
  return rules.items.some((rule) => {
    const status = valueOf(rule, 'Status');
    return !(status?.kind === 'scalar' && status.value === 'Disabled');
  });
}

function readEncryption(resource: ResourceNode, scope: TemplateScope): BucketEncryption {
  const anchor = resource.anchor;
  const encryption = valueOf(resource.properties, 'BucketEncryption');
  const configuration = valueOf(encryption, 'ServerSideEncryptionConfiguration');
  const notConfigured = (path: string): BucketEncryption => ({
    configured: false,
    algorithm: { value: undefined, origin: 'default', range: anchor, nativePath: `${path}.ServerSideEncryptionByDefault.SSEAlgorithm` },
    kmsKey: { value: undefined, origin: 'default', range: anchor, nativePath: `${path}.ServerSideEncryptionByDefault.KMSMasterKeyID` },
    bucketKeyEnabled: { value: false, origin: 'default', range: anchor, nativePath: `${path}.BucketKeyEnabled` },
    blockedEncryptionTypes: { value: [], origin: 'default', range: anchor, nativePath: `${path}.BlockedEncryptionTypes.EncryptionType` },
  });

  if (!encryption) return notConfigured(`${RULES_PATH}[0]`);
  if (encryption.kind !== 'map' || (configuration && configuration.kind !== 'seq')) {
    return unresolvedEncryption(encryption.kind !== 'map' ? encryption : configuration!, scope, `${RULES_PATH}[0]`);
  }
  const rules = configuration?.kind === 'seq' ? configuration.items : [];
  const blocked = readBlockedTypes(rules, scope, anchor);

  const index = rules.findIndex((rule) => valueOf(rule, 'ServerSideEncryptionByDefault') !== undefined);
  if (rules.some((rule) => rule.kind !== 'map') && index === -1) {
    return { ...unresolvedEncryption(configuration!, scope, `${RULES_PATH}[0]`), blockedEncryptionTypes: blocked };
  }
  if (index === -1) return { ...notConfigured(`${RULES_PATH}[0]`), blockedEncryptionTypes: blocked };

  const path = `${RULES_PATH}[${index}]`;
  const rule = rules[index];
  const byDefault = valueOf(rule, 'ServerSideEncryptionByDefault')!;
  if (byDefault.kind !== 'map') return { ...unresolvedEncryption(byDefault, scope, path), blockedEncryptionTypes: blocked };
  const algorithmNode = valueOf(byDefault, 'SSEAlgorithm');
  return {
    configured: true,
    algorithm: algorithmNode
      ? scope.locateString(algorithmNode, `${path}.ServerSideEncryptionByDefault.SSEAlgorithm`, anchor)
      : { value: undefined, origin: 'unresolved', range: byDefault.range, nativePath: `${path}.ServerSideEncryptionByDefault.SSEAlgorithm`, expr: 'SSEAlgorithm missing' },
    kmsKey: scope.locateString(valueOf(byDefault, 'KMSMasterKeyID'), `${path}.ServerSideEncryptionByDefault.KMSMasterKeyID`, anchor),
    bucketKeyEnabled: scope.locateBoolean(valueOf(rule, 'BucketKeyEnabled'), `${path}.BucketKeyEnabled`, anchor, false),
    blockedEncryptionTypes: blocked,
  };
}

function unresolvedEncryption(node: TreeNode, scope: TemplateScope, path: string): BucketEncryption {
  const unresolved = <T>(nativePath: string): Located<T> => ({
    value: undefined,
    origin: 'unresolved',
    range: node.range,
    nativePath,
    expr: nodeText(scope.text, node),
  });
  return {
    configured: true,
    algorithm: unresolved(`${path}.ServerSideEncryptionByDefault.SSEAlgorithm`),
    kmsKey: unresolved(`${path}.ServerSideEncryptionByDefault.KMSMasterKeyID`),
    bucketKeyEnabled: unresolved(`${path}.BucketKeyEnabled`),
    blockedEncryptionTypes: unresolved(`${path}.BlockedEncryptionTypes.EncryptionType`),
  };
}

/** `BlockedEncryptionTypes.EncryptionType` of every rule (SSE-C blocking may sit in its own rule). */
function readBlockedTypes(rules: TreeNode[], scope: TemplateScope, anchor: ResourceNode['anchor']): Located<Located<string>[]> {
  const items: Located<string>[] = [];
  let firstPath: string | undefined;
  let range = anchor;
  for (const [index, rule] of rules.entries()) {
    const blocked = valueOf(rule, 'BlockedEncryptionTypes');
    if (!blocked) continue;
    const path = `${RULES_PATH}[${index}].BlockedEncryptionTypes.EncryptionType`;
    const types = valueOf(blocked, 'EncryptionType');
    const fromParameter = types ? scope.locateParameterList(types, path) : undefined;
    if (fromParameter) {
      firstPath ??= path;
      if (items.length === 0) range = types!.range;
      items.push(...fromParameter);
      continue;
    }
    if (blocked.kind !== 'map' || !types || (types.kind !== 'seq' && types.kind !== 'scalar')) {
      const node = types ?? blocked;
      return { value: undefined, origin: 'unresolved', range: node.range, nativePath: path, expr: nodeText(scope.text, node) };
    }
    firstPath ??= path;
    if (items.length === 0) range = types.range;
    for (const [position, item] of (types.kind === 'seq' ? types.items : [types]).entries()) {
      const located = scope.locateString(item, types.kind === 'seq' ? `${path}[${position}]` : path, anchor);
      if (located.origin === 'unresolved') return { value: undefined, origin: 'unresolved', range: item.range, nativePath: path, expr: located.expr };
      items.push(located);
    }
  }
  if (!firstPath) return { value: [], origin: 'default', range: anchor, nativePath: `${RULES_PATH}[0].BlockedEncryptionTypes.EncryptionType` };
  return { value: items, origin: 'explicit', range, nativePath: firstPath };
}
