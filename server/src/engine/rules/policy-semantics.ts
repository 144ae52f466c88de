import type { AttachedPolicy, AwsModel, S3Bucket } from '../model/aws';
import { describeBranchSet } from './branch-label';
import type { Located } from '../model/located';
import type { PolicyDocument, PolicyStatement, PrincipalEntry } from '../model/policy';

/** A located string's literal value, or its `${…}` pattern when it has placeholders. */
export function textOf(located: Located<string>): string | undefined {
  return located.origin === 'explicit' ? located.value : located.template;
}

/** True when a document's statements can all be read. */
export function isReadable(document: PolicyDocument): boolean {
  return document.origin === 'explicit' && document.statementsResolved;
}

export function isAllow(statement: PolicyStatement): boolean {
  return statement.effect.origin === 'explicit' && statement.effect.value === 'Allow';
}

export function isDeny(statement: PolicyStatement): boolean {
  return statement.effect.origin === 'explicit' && statement.effect.value === 'Deny';
}

/** IAM wildcard matching (`*`, `?`), case-insensitive as IAM action names are. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = true): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

/** Does the statement's Action (or NotAction) cover this action? Undefined when it can't be known. */
export function grantsAction(statement: PolicyStatement, action: string): boolean | undefined {
  if (!statement.actionsResolved) return undefined;
  const matched = statement.actions.some((located) => located.value !== undefined && wildcardMatches(located.value, action));
  return statement.notAction ? !matched : matched;
}

/** The `*` principal entries (`Principal: "*"`, `{AWS: "*"}`, or `*` in an AWS list). */
export function wildcardPrincipals(statement: PolicyStatement): PrincipalEntry[] {
  return (statement.principals ?? []).filter(
    (entry) => (entry.kind === '*' || entry.kind === 'AWS') && entry.value.origin === 'explicit' && entry.value.value === '*',
  );
}

const ACCOUNT_ROOT = /^arn:(aws[a-z-]*|\$\{AWS::Partition\}):iam::(\d{12}|\$\{AWS::AccountId\}):root$/;

/** An account root principal: `arn:aws:iam::111122223333:root`, its `${AWS::AccountId}` form, or a bare account ID. */
export function isAccountRoot(entry: PrincipalEntry): boolean | undefined {
  if (entry.kind !== 'AWS') return false;
  const text = textOf(entry.value);
  if (text === undefined || text.includes('${?}')) return undefined;
  return ACCOUNT_ROOT.test(text) || /^(\d{12}|\$\{AWS::AccountId\})$/.test(text);
}

/** True when a condition in the statement uses one of these keys (lower-case). */
export function hasConditionKey(statement: PolicyStatement, keys: ReadonlySet<string>): boolean {
  return statement.conditions.some((condition) => keys.has(condition.key));
}

function conditionValues(statement: PolicyStatement, operators: string[], key: string): string[] {
  return statement.conditions
    .filter((condition) => operators.includes(condition.operator) && condition.key === key)
    .flatMap((condition) => condition.values.map((value) => (value.origin === 'explicit' ? String(value.value).toLowerCase() : '')));
}

/**
 * Deny-without-TLS statement as AWS documents it (Security Hub S3.5): Deny, principal `*`, `s3:*`,
 * condition `Bool aws:SecureTransport false` — or a `NumericLessThan s3:TlsVersion` floor of 1.2 or more.
 */
export function deniesInsecureTransport(statement: PolicyStatement): boolean {
  if (!isDeny(statement) || wildcardPrincipals(statement).length === 0 || statement.notAction) return false;
  const allActions = statement.actions.some((action) => action.origin === 'explicit' && /^(s3:)?\*$/i.test(action.value ?? ''));
  if (!allActions) return false;
  const secureTransport = conditionValues(statement, ['Bool', 'BoolIfExists'], 'aws:securetransport');
  const tlsFloor = conditionValues(statement, ['NumericLessThan', 'NumericLessThanIfExists'], 's3:tlsversion');
  return secureTransport.includes('false') || tlsFloor.some((value) => Number(value) >= 1.2);
}

/**
 * The TLS deny written the wrong way round: Deny when `aws:SecureTransport` is true. It refuses
 * every HTTPS request and lets plain HTTP through.
 */
export function deniesSecureTransport(statement: PolicyStatement): boolean {
  return isDeny(statement) && conditionValues(statement, ['Bool', 'BoolIfExists'], 'aws:securetransport').includes('true');
}

/**
 * Deny of SSE-C uploads: `s3:PutObject` denied when the request carries an SSE-C algorithm header
 * (`Null: {s3:x-amz-server-side-encryption-customer-algorithm: false}`).
 */
export function deniesSseC(statement: PolicyStatement): boolean {
  if (!isDeny(statement) || wildcardPrincipals(statement).length === 0) return false;
  if (grantsAction(statement, 's3:PutObject') !== true) return false;
  return conditionValues(statement, ['Null'], 's3:x-amz-server-side-encryption-customer-algorithm').includes('false');
}

/**
 * Does the statement's Resource list cover both the bucket ARN and its objects? Entries that
 * can't be resolved count as covering (we never guess a violation). A bucket whose name is only
 * known at deploy time (generated, or built from pseudo parameters) is matched through
 * references to it (`${B.Arn}`, `${B}`) and its name expression; any other entry is judged by
 * its shape alone: a bucket ARN has no `/`, and all of a bucket's objects need a final `*`.
 */
export function coversBucketAndObjects(statement: PolicyStatement, bucket: S3Bucket, resourceType: (id: string) => string | undefined): boolean {
  const covered = resourceCoverage(statement, bucket, resourceType);
  return covered.bucket && covered.objects;
}

/** What a statement's Resource covers of a bucket; `names` when some entry is about this bucket at all (a prefix counts). */
export interface ResourceCoverage {
  bucket: boolean;
  objects: boolean;
  names: boolean;
}

export function resourceCoverage(statement: PolicyStatement, bucket: S3Bucket, resourceType: (id: string) => string | undefined): ResourceCoverage {
  const everything = { bucket: true, objects: true, names: true };
  if (!statement.resourcesResolved) return everything;
  const id = bucket.resource.id;
  const name = bucket.bucketName;
  const subjects = [`arn:aws:s3:::\${${id}}`];
  if (name.origin === 'explicit' && name.value) subjects.push(`arn:aws:s3:::${name.value}`);
  else if (name.origin === 'unresolved' && name.template !== undefined) subjects.push(`arn:aws:s3:::${name.template.split('${AWS::Partition}').join('aws')}`);
  const nameKnown = name.origin === 'explicit' && Boolean(name.value);
  let bucketCovered = false;
  let objectsCovered = false;
  let named = false;
  for (const resource of statement.resources) {
    const text = textOf(resource);
    if (text === undefined || text.includes('${?}')) return everything;
    const pattern = text
      .split(`\${${id}.Arn}`).join(`arn:aws:s3:::\${${id}}`)
      .split('${AWS::Partition}').join('aws')
      // GovCloud (aws-us-gov) and China (aws-cn) ARNs name the bucket as the aws partition does.
      .replace(/^arn:aws(-[a-z]+)+:s3:::/, 'arn:aws:s3:::');
    const coversBucket = subjects.some((subject) => wildcardMatches(pattern, subject, false));
    const coversObjects = subjects.some((subject) => wildcardMatches(pattern, `${subject}/*`, false));
    // An entry that names this bucket (`${B}`, `${B.Arn}`) is exact about it: `${B}/AWSLogs/*` covers a prefix only.
    const namesThisBucket = pattern.includes(`\${${id}}`) || pattern.includes(`\${${id}.`);
    if (!nameKnown && !coversBucket && !coversObjects && !namesThisBucket && !namesAnotherBucket(pattern, id, resourceType)) {
      // Placeholders left (pseudo parameters, other resources' attributes) may hold any text.
      const shape = pattern.replace(/\$\{[^}]*\}/g, '*');
      if (couldBeS3Arn(shape)) {
        bucketCovered ||= !shape.includes('/');
        objectsCovered ||= shape.endsWith('*');
      }
    }
    bucketCovered ||= coversBucket;
    objectsCovered ||= coversObjects;
    named ||= namesThisBucket || subjects.some((subject) => pattern.startsWith(`${subject}/`));
  }
  return { bucket: bucketCovered, objects: objectsCovered, names: named || bucketCovered || objectsCovered };
}

/** `${Other}` or `${Other.Arn}` of another bucket in the template: bucket names are unique. */
function namesAnotherBucket(pattern: string, id: string, resourceType: (id: string) => string | undefined): boolean {
  for (const match of pattern.matchAll(/\$\{([^}.]+)(?:\.[^}]*)?\}/g)) {
    if (match[1] !== id && resourceType(match[1]) === 'AWS::S3::Bucket') return true;
  }
  return false;
}

/** Can a wildcard pattern match some `arn:aws:s3:::…` ARN? */
function couldBeS3Arn(pattern: string): boolean {
  const head = pattern.split(/[*?]/)[0];
  const prefix = 'arn:aws:s3:::';
  return head.startsWith(prefix) || prefix.startsWith(head);
}

/** What a bucket's policies do about plain HTTP, as S3-005 judges it and the hover shows it. */
export type TlsEnforcement = (
  | { state: 'enforced'; policy: AttachedPolicy }
  /** A policy can't be read: it might hold the statement. */
  | { state: 'unknown'; policy: AttachedPolicy }
  /** A TLS deny that misses part of the bucket. */
  | { state: 'partial'; policy: AttachedPolicy; statement: PolicyStatement; covered: ResourceCoverage }
  /** A deny on `aws:SecureTransport: true`: refuses HTTPS, lets HTTP through. */
  | { state: 'inverted'; policy: AttachedPolicy; statement: PolicyStatement }
  | { state: 'notDenied' }
  | { state: 'noPolicy' }
) & {
  /**
   * Where this holds (`IsProd is false`), when the bucket's policies exist or read differently in
   * some deployments (a policy resource with a `Condition`, a statement under `Fn::If`).
   */
  when?: string;
};

/** Conditions beyond this many are not enumerated: the policies are judged all together. */
const MAX_POLICY_CONDITIONS = 6;

/** The bucket policies present in one kind of deployment; `when` names its conditions (none: every deployment). */
export interface PolicyDeployment {
  when?: Record<string, boolean>;
  policies: AttachedPolicy[];
}

/**
 * The deployments the bucket's policies allow: a policy resource exists only where its `Condition`
 * holds, and a policy with `Fn::If` branches is one variant per branch. The bucket's own branch
 * and `Condition` are given; impossible combinations are left out.
 */
export function policyDeployments(bucket: S3Bucket, model: Pick<AwsModel, 'isPossible'>): PolicyDeployment[] {
  const policies = bucket.policies;
  const names = [...new Set(policies.flatMap((policy) => [...Object.keys(policy.owner.conditions), ...(policy.owner.condition ? [policy.owner.condition] : [])]))];
  if (names.length === 0 || names.length > MAX_POLICY_CONDITIONS) return [{ policies }];
  const given: Record<string, boolean> = { ...bucket.resource.conditions, ...(bucket.resource.condition ? { [bucket.resource.condition]: true } : {}) };
  const free = names.filter((name) => !(name in given));
  const deployments: PolicyDeployment[] = [];
  for (let bits = 0; bits < 1 << free.length; bits++) {
    const chosen = Object.fromEntries(free.map((name, index) => [name, (bits & (1 << index)) === 0]));
    const deployment = { ...given, ...chosen };
    if (!model.isPossible(deployment)) continue;
    const present = policies.filter(
      (policy) =>
        (policy.owner.condition === undefined || deployment[policy.owner.condition]) &&
        Object.entries(policy.owner.conditions).every(([name, value]) => deployment[name] === value),
    );
    deployments.push({ ...(free.length > 0 ? { when: chosen } : {}), policies: present });
  }
  return deployments.length > 0 ? deployments : [{ policies }];
}

/** Words for the deployments that fail a check; undefined when every deployment fails. */
export function failingWhen(failing: PolicyDeployment[], all: PolicyDeployment[]): string | undefined {
  return describeBranchSet(failing.map((deployment) => deployment.when ?? {}), all.map((deployment) => deployment.when ?? {}));
}

/** S3-005's judgement over every deployment: the first failure, with `when` naming where it fails. */
export function tlsEnforcement(bucket: S3Bucket, model: Pick<AwsModel, 'resourceType' | 'isPossible'>): TlsEnforcement {
  const deployments = policyDeployments(bucket, model);
  const judged = deployments.map((deployment) => judgeTls(bucket, deployment.policies, model.resourceType));
  const failed = (result: TlsEnforcement) => result.state !== 'enforced' && result.state !== 'unknown';
  const index = judged.findIndex(failed);
  if (index === -1) return judged[0];
  const when = failingWhen(deployments.filter((_, position) => failed(judged[position])), deployments);
  return when ? { ...judged[index], when } : judged[index];
}

/** What a bucket's policies do about SSE-C uploads, as S3-004 judges it and the hover shows it. */
export type SseCBlocking =
  | { state: 'blocked'; policy: AttachedPolicy }
  /** Some deployment has a policy that can't be read and no deny: it might hold one. */
  | { state: 'unknown'; policy: AttachedPolicy }
  /** `policy` is a deny that exists in other deployments; `when` names the ones without it. */
  | { state: 'notBlocked'; when?: string; policy?: AttachedPolicy };

export function sseCBlocking(bucket: S3Bucket, model: Pick<AwsModel, 'isPossible'>): SseCBlocking {
  const deployments = policyDeployments(bucket, model);
  const denies = ({ policies }: PolicyDeployment) => policies.some((policy) => policy.document.statements.some(deniesSseC));
  const readable = ({ policies }: PolicyDeployment) => policies.every((policy) => isReadable(policy.document));
  const unprotected = deployments.filter((deployment) => readable(deployment) && !denies(deployment));
  const denying = bucket.policies.find((policy) => policy.document.statements.some(deniesSseC));
  if (unprotected.length > 0) return { state: 'notBlocked', when: failingWhen(unprotected, deployments), policy: denying };
  if (denying && deployments.every(denies)) return { state: 'blocked', policy: denying };
  return { state: 'unknown', policy: bucket.policies.find((policy) => !isReadable(policy.document))! };
}

function judgeTls(bucket: S3Bucket, policies: AttachedPolicy[], resourceType: (id: string) => string | undefined): TlsEnforcement {
  const unreadable = policies.find((policy) => !isReadable(policy.document));
  if (unreadable) return { state: 'unknown', policy: unreadable };
  // A policy that may be another bucket's (its target can't be named) counts as covering.
  const denies = policies.flatMap((policy) =>
    policy.document.statements.filter(deniesInsecureTransport).map((statement) => ({
      policy,
      statement,
      covered: policy.certain ? resourceCoverage(statement, bucket, resourceType) : { bucket: true, objects: true, names: true },
    })),
  );
  const full = denies.find(({ covered }) => covered.bucket && covered.objects);
  if (full) return { state: 'enforced', policy: full.policy };
  const partial = denies.find(({ covered }) => covered.bucket || covered.objects) ?? denies[0];
  if (partial) return { state: 'partial', ...partial };
  for (const policy of policies) {
    const statement = policy.document.statements.find(deniesSecureTransport);
    if (statement) return { state: 'inverted', policy, statement };
  }
  return policies.length === 0 ? { state: 'noPolicy' } : { state: 'notDenied' };
}
