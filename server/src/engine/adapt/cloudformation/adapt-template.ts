import type { AttachedPolicy, AwsModel, KmsAlias, KmsKey, S3Bucket } from '../../model/aws';
import type { Located } from '../../model/located';
import type { PolicyDocument } from '../../model/policy';
import type { ResourceNode } from '../../model/resource';
import type { TreeNode } from '../../model/tree';
import { entryOf, valueOf } from '../../model/tree';
import { readPolicyDocument } from '../policy-document';
import { assignments, chooseBranches, scanConditionalValues } from './conditions';
import type { ConditionalValues } from './conditions';
import { readBucket } from './s3-bucket';
import { readKey } from './kms-key';
import { TemplateScope } from './template-scope';

/**
 * The properties the adapters below read, per resource type. Only conditions used inside them
 * make variants: a `Fn::If` on `VersioningConfiguration` changes nothing a rule sees, and counting
 * it would push a relevant condition past MAX_CONDITIONS_PER_RESOURCE.
 */
const PROPERTIES_READ: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': ['BucketName', 'BucketEncryption', 'AccessControl', 'LoggingConfiguration'],
  'AWS::KMS::Key': ['KeySpec', 'KeyUsage', 'Origin', 'Enabled', 'EnableKeyRotation', 'RotationPeriodInDays', 'PendingWindowInDays', 'BypassPolicyLockoutSafetyCheck', 'KeyPolicy'],
  'AWS::KMS::ReplicaKey': ['Enabled', 'EnableKeyRotation', 'RotationPeriodInDays', 'PendingWindowInDays', 'BypassPolicyLockoutSafetyCheck', 'KeyPolicy'],
  'AWS::KMS::Alias': ['AliasName', 'TargetKeyId'],
  'AWS::S3::BucketPolicy': ['Bucket', 'PolicyDocument'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['LoadBalancerAttributes'],
  'AWS::ElasticLoadBalancing::LoadBalancer': ['AccessLoggingPolicy'],
};

/** `Fn::If` conditions and `AWS::NoValue` in the properties the adapters read. */
function conditionalValuesRead(type: string, properties: TreeNode | undefined): ConditionalValues {
  // Properties that are themselves an intrinsic (`Properties: !If [...]`) are scanned whole.
  if (properties?.kind !== 'map') return scanConditionalValues(properties);
  const found: ConditionalValues = { conditions: [], hasNoValue: false };
  for (const name of PROPERTIES_READ[type] ?? []) scanConditionalValues(valueOf(properties, name), found);
  return found;
}

/** Builds the typed AWS view of one CloudFormation template tree. */
export function adaptTemplate(root: TreeNode, text: string): AwsModel {
  const scope = new TemplateScope(text, root);
  const buckets: S3Bucket[] = [];
  const keys: KmsKey[] = [];
  const aliases: KmsAlias[] = [];
  const bucketPolicies: CollectedBucketPolicy[] = [];
  const logTargets = { ids: new Set<string>(), names: new Set<string>() };

  const resources = valueOf(root, 'Resources');
  for (const entry of resources?.kind === 'map' ? resources.entries : []) {
    const type = scope.resourceTypes.get(entry.key);
    if (!type || entry.value.kind !== 'map') continue;
    const rawProperties = valueOf(entry.value, 'Properties');
    const conditional = conditionalValuesRead(type, rawProperties);
    const condition = valueOf(entry.value, 'Condition');
    const needsResolving = conditional.conditions.length > 0 || conditional.hasNoValue;
    const combinations = assignments(conditional.conditions);
    // A resource with a `Condition` exists only where it is true: branches that need it false never deploy.
    const resourceCondition = condition?.kind === 'scalar' && typeof condition.value === 'string' ? condition.value : undefined;
    const deployable = (assignment: Record<string, boolean>) =>
      resourceCondition === undefined || (assignment[resourceCondition] !== false && scope.isPossible({ ...assignment, [resourceCondition]: true }));
    const possible = combinations.filter((assignment) => scope.isPossible(assignment) && deployable(assignment));
    const variants = possible.length > 0 ? possible : combinations;
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
        ...(resourceCondition === undefined ? {} : { condition: resourceCondition }),
      };
      const branchScope = scope.forBranches(conditions);
      switch (type) {
        case 'AWS::S3::Bucket':
          buckets.push(readBucket(resource, branchScope));
          collectBucketLogTarget(resource, branchScope, logTargets);
          break;
        case 'AWS::KMS::Key':
        case 'AWS::KMS::ReplicaKey':
          keys.push(readKey(resource, branchScope));
          break;
        case 'AWS::KMS::Alias':
          aliases.push({
            resource,
            aliasName: branchScope.locateString(valueOf(resource.properties, 'AliasName'), 'AliasName', resource.anchor),
            targetKey: branchScope.locateString(valueOf(resource.properties, 'TargetKeyId'), 'TargetKeyId', resource.anchor),
          });
          break;
        case 'AWS::S3::BucketPolicy':
          bucketPolicies.push(collectBucketPolicy(resource, branchScope));
          break;
        case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
        case 'AWS::ElasticLoadBalancing::LoadBalancer':
          collectLoadBalancerLogTarget(resource, branchScope, logTargets);
          break;
        default:
      }
    }
  }

  const bucketNames = new Map(buckets.map((bucket) => [bucket, bucketNameKey(bucket.bucketName)]));
  const targets = (policy: CollectedBucketPolicy, bucket: S3Bucket): boolean => {
    const name = bucketNames.get(bucket);
    return policy.targetId === bucket.resource.id || (name !== undefined && policy.targetName === name);
  };
  // A bucket policy belongs to exactly one bucket: one it names for certain is no other bucket's.
  // An imported name (`Fn::ImportValue`) is another stack's bucket, unless a bucket here has that very name.
  const unlinked = new Set(bucketPolicies.filter((policy) => policy.mayTargetAny && !buckets.some((bucket) => targets(policy, bucket))));
  for (const bucket of buckets) {
    const name = bucketNames.get(bucket);
    bucket.receivesAccessLogs = logTargets.ids.has(bucket.resource.id) || (name !== undefined && logTargets.names.has(name));
    for (const policy of bucketPolicies) {
      const unknown = unlinked.has(policy);
      if (!unknown && !targets(policy, bucket)) continue;
      bucket.policies.push({ document: policy.document, owner: policy.owner, certain: !unknown } satisfies AttachedPolicy);
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
    isPossible: (conditions) => scope.isPossible({ ...conditions }),
  };
}

/** An `AWS::S3::BucketPolicy` variant, read once and then matched against the buckets. */
interface CollectedBucketPolicy {
  owner: ResourceNode;
  document: PolicyDocument;
  /** The bucket it names by `!Ref`. */
  targetId: string | undefined;
  /** The bucket name it gives, as bucketNameKey keys it. */
  targetName: string | undefined;
  /** Its `Bucket` can't be told apart from any bucket's name here (an unknown value, not imported). */
  mayTargetAny: boolean;
}

function collectBucketPolicy(resource: ResourceNode, scope: TemplateScope): CollectedBucketPolicy {
  const bucketNode = valueOf(resource.properties, 'Bucket');
  const target = scope.locateString(bucketNode, 'Bucket', resource.anchor);
  const imported = bucketNode?.kind === 'intrinsic' && bucketNode.name === 'Fn::ImportValue';
  return {
    owner: resource,
    document: readPolicyDocument(
      valueOf(resource.properties, 'PolicyDocument'),
      'PolicyDocument',
      resource.anchor,
      scope,
      entryOf(resource.properties, 'PolicyDocument')?.keyRange,
    ),
    targetId: target.ref?.attribute === 'Ref' ? target.ref.id : undefined,
    targetName: bucketNameKey(target),
    mayTargetAny: target.origin === 'unresolved' && !target.ref && !imported,
  };
}

type LogTargets = { ids: Set<string>; names: Set<string> };

/**
 * What identifies a bucket by name: the literal name, or the expression that builds it from
 * pseudo parameters (`!Sub '${AWS::StackName}-logs'` written twice names the same bucket).
 */
function bucketNameKey(located: Located<string>): string | undefined {
  if (located.origin === 'explicit') return located.value || undefined;
  if (located.origin !== 'unresolved' || located.ref) return undefined;
  // The same unknown expression (`!Ref NameWithoutDefault` twice) is the same value.
  if (located.template !== undefined) return `expression:${located.template}`;
  return located.expr ? `source:${located.expr}` : undefined;
}

function addLogTarget(located: Located<string>, targets: LogTargets): void {
  if (located.ref) targets.ids.add(located.ref.id);
  const name = bucketNameKey(located);
  if (name !== undefined) targets.names.add(name);
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
