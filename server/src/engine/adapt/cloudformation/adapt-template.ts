import type { AttachedPolicy, AwsModel, KmsAlias, KmsKey, S3Bucket } from '../../model/aws';
import type { ResourceNode } from '../../model/resource';
import type { TreeNode } from '../../model/tree';
import { entryOf, valueOf } from '../../model/tree';
import { readPolicyDocument } from '../policy-document';
import { assignments, chooseBranches, scanConditionalValues } from './conditions';
import { readBucket } from './s3-bucket';
import { readKey } from './kms-key';
import { TemplateScope } from './template-scope';

/** Builds the typed AWS view of one CloudFormation template tree. */
export function adaptTemplate(root: TreeNode, text: string): AwsModel {
  const scope = new TemplateScope(text, root);
  const buckets: S3Bucket[] = [];
  const keys: KmsKey[] = [];
  const aliases: KmsAlias[] = [];
  const bucketPolicies: { owner: ResourceNode; target: ReturnType<TemplateScope['locateString']>; properties: TreeNode | undefined }[] = [];
  const logTargets = { ids: new Set<string>(), names: new Set<string>() };

  const resources = valueOf(root, 'Resources');
  for (const entry of resources?.kind === 'map' ? resources.entries : []) {
    const type = scope.resourceTypes.get(entry.key);
    if (!type || entry.value.kind !== 'map') continue;
    const rawProperties = valueOf(entry.value, 'Properties');
    const conditional = scanConditionalValues(rawProperties);
    const condition = valueOf(entry.value, 'Condition');
    const needsResolving = conditional.conditions.length > 0 || conditional.hasNoValue;
    const variants = assignments(conditional.conditions);
    for (const conditions of variants) {
      const resource: ResourceNode = {
        id: entry.key,
        nativeType: type,
        format: 'cloudformation',
        range: { start: entry.keyRange.start, end: entry.value.range.end },
        anchor: entry.keyRange,
        properties: needsResolving ? chooseBranches(rawProperties, conditions) : rawProperties,
        conditions,
        variantCount: variants.length,
        ...(condition?.kind === 'scalar' && typeof condition.value === 'string' ? { condition: condition.value } : {}),
      };
      switch (type) {
        case 'AWS::S3::Bucket':
          buckets.push(readBucket(resource, scope));
          collectBucketLogTarget(resource, scope, logTargets);
          break;
        case 'AWS::KMS::Key':
        case 'AWS::KMS::ReplicaKey':
          keys.push(readKey(resource, scope));
          break;
        case 'AWS::KMS::Alias':
          aliases.push({ resource, aliasName: scope.locateString(valueOf(resource.properties, 'AliasName'), 'AliasName', resource.anchor) });
          break;
        case 'AWS::S3::BucketPolicy':
          bucketPolicies.push({
            owner: resource,
            target: scope.locateString(valueOf(resource.properties, 'Bucket'), 'Bucket', resource.anchor),
            properties: resource.properties,
          });
          break;
        case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
        case 'AWS::ElasticLoadBalancing::LoadBalancer':
          collectLoadBalancerLogTarget(resource, scope, logTargets);
          break;
        default:
      }
    }
  }

  for (const bucket of buckets) {
    const name = bucket.bucketName.origin === 'explicit' ? bucket.bucketName.value : undefined;
    bucket.receivesAccessLogs = logTargets.ids.has(bucket.resource.id) || (name !== undefined && logTargets.names.has(name));
    for (const policy of bucketPolicies) {
      const target = policy.target;
      const byRef = target.ref?.id === bucket.resource.id && target.ref.attribute === 'Ref';
      const byName = target.origin === 'explicit' && name !== undefined && target.value === name;
      const unknown = target.origin === 'unresolved' && !target.ref;
      if (!byRef && !byName && !unknown) continue;
      const document = readPolicyDocument(
        valueOf(policy.properties, 'PolicyDocument'),
        'PolicyDocument',
        policy.owner.anchor,
        scope,
        entryOf(policy.properties, 'PolicyDocument')?.keyRange,
      );
      bucket.policies.push({ document, owner: policy.owner, certain: !unknown } satisfies AttachedPolicy);
    }
  }

  const keysById = new Map<string, KmsKey[]>();
  for (const key of keys) {
    const list = keysById.get(key.resource.id) ?? [];
    list.push(key);
    keysById.set(key.resource.id, list);
  }
  return {
    buckets,
    keys,
    aliases,
    keysById: (id) => keysById.get(id) ?? [],
    resourceType: (id) => scope.resourceTypes.get(id),
    nameInUse: (name) => scope.nameInUse(name),
  };
}

type LogTargets = { ids: Set<string>; names: Set<string> };

function addLogTarget(located: ReturnType<TemplateScope['locateString']>, targets: LogTargets): void {
  if (located.ref) targets.ids.add(located.ref.id);
  else if (located.origin === 'explicit' && located.value) targets.names.add(located.value);
}

/** S3 server access logs: `LoggingConfiguration.DestinationBucketName` of another bucket. */
function collectBucketLogTarget(resource: ResourceNode, scope: TemplateScope, targets: LogTargets): void {
  const destination = valueOf(valueOf(resource.properties, 'LoggingConfiguration'), 'DestinationBucketName');
  if (destination) addLogTarget(scope.locateString(destination, 'LoggingConfiguration.DestinationBucketName', resource.anchor), targets);
}

/** ELB access logs: `access_logs.s3.bucket` (ALB/NLB attributes) or classic `AccessLoggingPolicy.S3BucketName`. */
function collectLoadBalancerLogTarget(resource: ResourceNode, scope: TemplateScope, targets: LogTargets): void {
  const attributes = valueOf(resource.properties, 'LoadBalancerAttributes');
  for (const attribute of attributes?.kind === 'seq' ? attributes.items : []) {
    const key = valueOf(attribute, 'Key');
    if (key?.kind === 'scalar' && key.value === 'access_logs.s3.bucket') {
      addLogTarget(scope.locateString(valueOf(attribute, 'Value'), 'LoadBalancerAttributes.Value', resource.anchor), targets);
    }
  }
  const classic = valueOf(valueOf(resource.properties, 'AccessLoggingPolicy'), 'S3BucketName');
  if (classic) addLogTarget(scope.locateString(classic, 'AccessLoggingPolicy.S3BucketName', resource.anchor), targets);
}
