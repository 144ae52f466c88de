// Deterministic CloudFormation corpus for the benchmark: realistic templates (mostly filler
// resources, some S3/KMS), rendered as YAML with short-form intrinsics or JSON with long-form ones.
// Everything is driven by a seeded PRNG: the same seed gives byte-identical files.

import { createHash } from 'node:crypto';

/** Bump when the generator's output changes on purpose (it is part of the manifest). */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 0x5eed2024;

// ---------------------------------------------------------------------------------------------
// PRNG

export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  float() {
    return this.next();
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted(table) {
    const total = table.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of table) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return table[table.length - 1][0];
  }
}

// ---------------------------------------------------------------------------------------------
// Template values: plain JS data plus intrinsic functions, block literals and flow-style hints.

class Fn {
  constructor(name, arg) {
    this.name = name;
    this.arg = arg;
  }
}
/** A multi-line string: `|` block literal in YAML, an escaped string in JSON. */
class Lit {
  constructor(text) {
    this.text = text;
  }
}
/** A short list written `[a, b]` in YAML (JSON writes short lists inline anyway). */
class Flow {
  constructor(items) {
    this.items = items;
  }
}

const ref = (name) => new Fn('Ref', name);
const getAtt = (resource, attribute) => new Fn('Fn::GetAtt', [resource, attribute]);
const sub = (text) => new Fn('Fn::Sub', text);
const iff = (condition, a, b) => new Fn('Fn::If', [condition, a, b]);
const equals = (a, b) => new Fn('Fn::Equals', [a, b]);
const not = (a) => new Fn('Fn::Not', [a]);
const join = (delimiter, parts) => new Fn('Fn::Join', [delimiter, parts]);
const noValue = () => ref('AWS::NoValue');

// YAML comments and blank lines live in maps under keys starting with '#'; JSON drops them.
let commentCounter = 0;
const commentKey = () => `#${commentCounter++}`;

// ---------------------------------------------------------------------------------------------
// YAML emitter (block style, 2-space indent, short-form intrinsics)

const SHORT_TAG = {
  Ref: '!Ref',
  Condition: '!Condition',
  'Fn::GetAtt': '!GetAtt',
  'Fn::Sub': '!Sub',
  'Fn::If': '!If',
  'Fn::Equals': '!Equals',
  'Fn::Not': '!Not',
  'Fn::Join': '!Join',
  'Fn::Select': '!Select',
  'Fn::GetAZs': '!GetAZs',
  'Fn::ImportValue': '!ImportValue',
};

const YAML_KEYWORD = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function yamlString(text, flow) {
  const plainChars = flow ? /^[A-Za-z_/$][A-Za-z0-9_\-.:/$*@+=()' ]*$/ : /^[A-Za-z_/$][A-Za-z0-9_\-.:/$*@+=(){}[\],' ]*$/;
  const plain =
    text.length > 0 &&
    plainChars.test(text) &&
    !YAML_KEYWORD.test(text) &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !text.endsWith(':') &&
    !text.endsWith(' ') &&
    !text.startsWith('${');
  return plain ? text : `'${text.replace(/'/g, "''")}'`;
}

function yamlScalar(value, flow) {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return yamlString(value, flow);
}

const isScalar = (value) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** One-line form of a value, or undefined when it needs block lines. */
function yamlInline(value, flow) {
  if (isScalar(value)) return yamlScalar(value, flow);
  if (value instanceof Flow) {
    const parts = value.items.map((item) => yamlInline(item, true));
    return parts.every((part) => part !== undefined) ? `[${parts.join(', ')}]` : undefined;
  }
  if (value instanceof Fn) {
    const tag = SHORT_TAG[value.name];
    if (value.name === 'Ref' || value.name === 'Condition') return `${tag} ${yamlScalar(value.arg, flow)}`;
    if (value.name === 'Fn::GetAtt') return `${tag} ${value.arg[0]}.${value.arg[1]}`;
    if (value.name === 'Fn::GetAZs' || value.name === 'Fn::ImportValue' || value.name === 'Fn::Sub') {
      if (isScalar(value.arg)) return `${tag} ${yamlScalar(value.arg, flow)}`;
      if (value.arg instanceof Fn) {
        const inner = yamlInline(value.arg, flow);
        return inner === undefined ? undefined : `${tag} ${inner}`;
      }
      return undefined;
    }
    if (Array.isArray(value.arg)) {
      const parts = value.arg.map((item) => (Array.isArray(item) ? yamlInline(new Flow(item), true) : yamlInline(item, true)));
      if (parts.some((part) => part === undefined)) return undefined;
      const text = `${tag} [${parts.join(', ')}]`;
      return text.length <= 72 ? text : undefined;
    }
  }
  return undefined;
}

function yamlKey(key) {
  return yamlString(key, false);
}

function yamlMap(lines, indent, map) {
  const pad = ' '.repeat(indent);
  for (const [key, value] of Object.entries(map)) {
    if (key.startsWith('#')) {
      if (value !== '') lines.push(`${pad}# ${value}`);
      else if (lines.length > 0 && !lines[lines.length - 1].endsWith(':')) lines.push('');
      continue;
    }
    const head = `${pad}${yamlKey(key)}:`;
    yamlAfterHead(lines, indent, head, value);
  }
}

/** Writes a value after `key:` or `-` (the head), inline or as nested block lines. */
function yamlAfterHead(lines, indent, head, value) {
  const inline = yamlInline(value, false);
  if (inline !== undefined) {
    lines.push(`${head} ${inline}`);
  } else if (value instanceof Lit) {
    lines.push(`${head} |`);
    const pad = ' '.repeat(indent + 2);
    for (const line of value.text.replace(/\n$/, '').split('\n')) lines.push(line === '' ? '' : pad + line);
  } else if (value instanceof Fn) {
    lines.push(`${head} ${SHORT_TAG[value.name]}`);
    yamlNode(lines, indent + 2, value.arg);
  } else if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${head} []`);
    else {
      lines.push(head);
      yamlSeq(lines, indent + 2, value);
    }
  } else if (value && typeof value === 'object') {
    if (Object.keys(value).length === 0) lines.push(`${head} {}`);
    else {
      lines.push(head);
      yamlMap(lines, indent + 2, value);
    }
  } else {
    throw new Error(`cannot write ${String(value)} as YAML`);
  }
}

function yamlSeq(lines, indent, items) {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    const nested = (Array.isArray(item) && item.length > 0) || (item && item.constructor === Object && Object.keys(item).length > 0);
    if (nested && yamlInline(item, false) === undefined) {
      // `- key: value` with the rest of the map aligned under the first key.
      const inner = [];
      yamlNode(inner, indent + 2, item);
      const firstContent = inner.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
      inner[firstContent] = `${pad}- ${inner[firstContent].slice(indent + 2)}`;
      lines.push(...inner);
    } else {
      yamlAfterHead(lines, indent, `${pad}-`, item);
    }
  }
}

function yamlNode(lines, indent, value) {
  if (Array.isArray(value)) yamlSeq(lines, indent, value);
  else if (value instanceof Flow) yamlSeq(lines, indent, value.items);
  else yamlMap(lines, indent, value);
}

export function toYaml(template) {
  const lines = [];
  yamlMap(lines, 0, template);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// JSON emitter (2-space indent, long-form intrinsics, short intrinsics and lists on one line)

function toJsonData(value) {
  if (isScalar(value)) return value;
  if (value instanceof Lit) return value.text;
  if (value instanceof Flow) return value.items.map(toJsonData);
  if (value instanceof Fn) return { [value.name]: toJsonData(value.arg) };
  if (Array.isArray(value)) return value.map(toJsonData);
  const out = {};
  for (const [key, item] of Object.entries(value)) if (!key.startsWith('#')) out[key] = toJsonData(item);
  return out;
}

function jsonInline(value) {
  if (isScalar(value)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    const parts = value.map(jsonInline);
    return parts.every((part) => part !== undefined) ? `[${parts.join(', ')}]` : undefined;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && /^(Ref|Condition|Fn::)/.test(keys[0])) {
    const inner = jsonInline(value[keys[0]]);
    return inner === undefined ? undefined : `{ ${JSON.stringify(keys[0])}: ${inner} }`;
  }
  return undefined;
}

function jsonNode(value, indent) {
  const inline = jsonInline(value);
  const isIntrinsic = value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && /^(Ref|Condition|Fn::)/.test(Object.keys(value)[0]);
  const shortList = Array.isArray(value) && value.every(isScalar);
  if (inline !== undefined && (isScalar(value) || ((isIntrinsic || shortList) && inline.length <= 80) || value.length === 0)) return inline;
  const pad = ' '.repeat(indent + 2);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((item) => pad + jsonNode(item, indent + 2)).join(',\n')}\n${close}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${pad}${JSON.stringify(key)}: ${jsonNode(item, indent + 2)}`).join(',\n')}\n${close}}`;
}

export function toJson(template) {
  return jsonNode(toJsonData(template), 0) + '\n';
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const DOMAINS = ['Orders', 'Billing', 'Invoices', 'Payments', 'Catalog', 'Inventory', 'Shipping', 'Users', 'Audit', 'Reports',
  'Analytics', 'Media', 'Uploads', 'Exports', 'Ledger', 'Search', 'Notifications', 'Sessions', 'Metrics', 'Archive'];
const BUCKET_ROLES = ['Data', 'Assets', 'Logs', 'Backup', 'Staging', 'Raw', 'Curated', 'Artifacts'];
const FUNCTION_ROLES = ['Processor', 'Handler', 'Worker', 'Indexer', 'Exporter', 'Sync', 'Validator', 'Notifier'];

const PY_SNIPPETS = [
  ['import json', 'import os', 'import boto3', '', "sqs = boto3.client('sqs')", '', 'def handler(event, context):',
    "    records = event.get('Records', [])", '    for record in records:', "        body = json.loads(record['body'])",
    "        sqs.send_message(QueueUrl=os.environ['QUEUE_URL'], MessageBody=json.dumps(body))",
    "    return {'processed': len(records)}"],
  ['import logging', 'import os', '', 'logger = logging.getLogger()', "logger.setLevel(os.environ.get('LOG_LEVEL', 'INFO'))", '',
    'def handler(event, context):', "    logger.info('received %s', event)", "    return {'statusCode': 200, 'body': 'ok'}"],
  ['import boto3', 'import datetime', '', "table = boto3.resource('dynamodb').Table(__import__('os').environ['TABLE_NAME'])", '',
    'def handler(event, context):', '    now = datetime.datetime.utcnow().isoformat()',
    "    table.put_item(Item={'pk': event['id'], 'updatedAt': now})", "    return {'ok': True}"],
];
const JS_SNIPPETS = [
  ["const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');", 'const s3 = new S3Client({});', '',
    'exports.handler = async (event) => {', '  const results = [];', '  for (const record of event.Records ?? []) {',
    '    const key = decodeURIComponent(record.s3.object.key);',
    '    const object = await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: key }));',
    '    results.push({ key, size: object.ContentLength });', '  }', '  return results;', '};'],
  ['exports.handler = async (event) => {', "  console.log(JSON.stringify(event));", '  return { statusCode: 204 };', '};'],
];

class TemplateBuilder {
  constructor(rng, index, { withParameters }) {
    this.rng = rng;
    this.used = new Set();
    this.keys = [];
    this.roles = [];
    this.queues = [];
    this.buckets = [];
    this.functions = [];
    this.template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: `${rng.pick(DOMAINS)} service stack ${index} - ${rng.pick(['storage and processing', 'event pipeline', 'data lake ingestion', 'API backend', 'batch exports'])}`,
    };
    this.hasConditions = false;
    if (withParameters) {
      this.template.Parameters = {
        Environment: { Type: 'String', Default: rng.pick(['dev', 'staging', 'prod']), AllowedValues: new Flow(['dev', 'staging', 'prod']), Description: 'Deployment stage' },
        RetentionDays: { Type: 'Number', Default: rng.pick([7, 14, 30, 90, 365]), Description: 'Log retention in days' },
      };
      if (rng.chance(0.5)) this.template.Parameters.LogLevel = { Type: 'String', Default: 'INFO', AllowedValues: new Flow(['DEBUG', 'INFO', 'WARN', 'ERROR']) };
      if (rng.chance(0.3)) this.template.Parameters.AlarmEmail = { Type: 'String', Default: 'ops@example.com', Description: 'Where alarms go' };
      this.template.Conditions = { IsProd: equals(ref('Environment'), 'prod') };
      if (rng.chance(0.4)) this.template.Conditions.IsNotProd = not(new Fn('Condition', 'IsProd'));
      this.hasConditions = true;
    }
    this.template.Resources = {};
    this.outputs = {};
  }

  name(base) {
    let candidate = base;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${base}${n}`;
    this.used.add(candidate);
    return candidate;
  }

  /** Candidate block: a set of resources and outputs to add together. */
  block(kind) {
    const resources = {};
    const outputs = {};
    const state = { keys: [], roles: [], queues: [], buckets: [], functions: [] };
    const b = { resources, outputs, state };
    switch (kind) {
      case 'bucket':
        this.bucketBlock(b);
        break;
      case 'bareBucket':
        this.bareBucketBlock(b);
        break;
      case 'key':
        this.keyBlock(b, this.rng.pick(DOMAINS));
        break;
      case 'function':
        this.functionBlock(b);
        break;
      case 'queue':
        this.queueBlock(b);
        break;
      case 'table':
        this.tableBlock(b);
        break;
      case 'topic':
        this.topicBlock(b);
        break;
      case 'logGroup':
        this.logGroupBlock(b);
        break;
      case 'role':
        this.roleBlock(b, this.rng.pick(DOMAINS) + this.rng.pick(FUNCTION_ROLES));
        break;
      default:
        throw new Error(kind);
    }
    return b;
  }

  commit(b) {
    Object.assign(this.template.Resources, b.resources);
    Object.assign(this.outputs, b.outputs);
    for (const key of Object.keys(b.state)) this[key].push(...b.state[key]);
  }

  /** Releases names a rejected block reserved, so the next attempt can reuse them. */
  discard(b) {
    for (const name of [...Object.keys(b.resources), ...Object.keys(b.outputs)]) this.used.delete(name);
  }

  keyBlock(b, domain) {
    const rng = this.rng;
    const name = this.name(`${domain}Key`);
    const statements = [];
    if (rng.chance(0.93)) {
      statements.push({
        Sid: 'EnableRootAccountPermissions',
        Effect: 'Allow',
        Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
        Action: 'kms:*',
        Resource: '*',
      });
    }
    if (rng.chance(0.5)) {
      statements.push({
        Sid: 'AllowKeyAdministration',
        Effect: 'Allow',
        Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/KeyAdmin') },
        Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
          'kms:Get*', 'kms:Delete*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'],
        Resource: '*',
      });
    }
    if (rng.chance(0.04)) {
      statements.push({ Sid: 'AllowDecryptEverywhere', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });
    }
    if (rng.chance(0.5)) {
      statements.push({
        Sid: 'AllowS3UseOfTheKey',
        Effect: 'Allow',
        Principal: rng.chance(0.7) ? { Service: 's3.amazonaws.com' } : '*',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:CallerAccount': ref('AWS::AccountId'),
            'kms:ViaService': sub('s3.${AWS::Region}.amazonaws.com'),
          },
        },
      });
    }
    if (statements.length === 0) {
      statements.push({ Sid: 'AllowAccountUse', Effect: 'Allow', Principal: { AWS: ref('AWS::AccountId') }, Action: new Flow(['kms:Decrypt', 'kms:GenerateDataKey']), Resource: '*' });
    }
    const properties = { Description: `Customer-managed key for ${domain.toLowerCase()} data` };
    const rotation = rng.weighted([[true, 8], [false, 1], [undefined, 1]]);
    if (rotation !== undefined) properties.EnableKeyRotation = rotation;
    if (rng.chance(0.4)) properties.PendingWindowInDays = rng.pick([7, 10, 30, 30]);
    properties.KeyPolicy = { Version: '2012-10-17', Statement: statements };
    if (rng.chance(0.5)) properties.Tags = [{ Key: 'Domain', Value: domain }, { Key: 'Environment', Value: this.hasConditions ? ref('Environment') : 'dev' }];
    b.resources[commentKey()] = '';
    b.resources[name] = { Type: 'AWS::KMS::Key', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: properties };
    if (rng.chance(0.6)) {
      b.resources[this.name(`${name}Alias`)] = {
        Type: 'AWS::KMS::Alias',
        Properties: { AliasName: sub(`alias/\${AWS::StackName}-${domain.toLowerCase()}`), TargetKeyId: ref(name) },
      };
    }
    if (rng.chance(0.4)) b.outputs[this.name(`${name}Arn`)] = { Description: `ARN of ${name}`, Value: getAtt(name, 'Arn') };
    b.state.keys.push(name);
    return name;
  }

  /** The smallest realistic template body: one bucket with or without default encryption. */
  bareBucketBlock(b) {
    const rng = this.rng;
    const name = this.name(`${rng.pick(DOMAINS)}${rng.pick(BUCKET_ROLES)}Bucket`);
    const properties = rng.chance(0.7)
      ? { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } }
      : { VersioningConfiguration: { Status: 'Enabled' } };
    b.resources[name] = { Type: 'AWS::S3::Bucket', Properties: properties };
    b.state.buckets.push(name);
  }

  bucketBlock(b) {
    const rng = this.rng;
    const domain = rng.pick(DOMAINS);
    const name = this.name(`${domain}${rng.pick(BUCKET_ROLES)}Bucket`);
    const flavour = rng.weighted([['kms', 40], ['aes256', 25], ['none', 15], ['kmsIf', this.hasConditions ? 10 : 0], ['dsse', 3], ['kmsRef', 5], ['awsManaged', 5]]);
    const properties = {};
    if (rng.chance(0.5)) properties.BucketName = sub(`\${AWS::StackName}-${domain.toLowerCase()}-\${AWS::AccountId}`);
    if (flavour !== 'none') {
      const rule = {};
      let keyName;
      if (flavour !== 'aes256' && flavour !== 'awsManaged') keyName = this.keys.length > 0 && rng.chance(0.5) ? rng.pick(this.keys) : b.state.keys[0] ?? this.keyBlock(b, domain);
      if (flavour === 'aes256') rule.ServerSideEncryptionByDefault = { SSEAlgorithm: 'AES256' };
      else if (flavour === 'awsManaged') rule.ServerSideEncryptionByDefault = rng.chance(0.5) ? { SSEAlgorithm: 'aws:kms' } : { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' };
      else if (flavour === 'kms') rule.ServerSideEncryptionByDefault = { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(keyName, 'Arn') };
      else if (flavour === 'kmsRef') rule.ServerSideEncryptionByDefault = { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ref(keyName) };
      else if (flavour === 'dsse') rule.ServerSideEncryptionByDefault = { SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: getAtt(keyName, 'Arn') };
      else rule.ServerSideEncryptionByDefault = { SSEAlgorithm: iff('IsProd', 'aws:kms', 'AES256'), KMSMasterKeyID: iff('IsProd', getAtt(keyName, 'Arn'), noValue()) };
      if (flavour !== 'aes256' && rng.chance(0.65)) rule.BucketKeyEnabled = true;
      if (rng.chance(0.45)) rule.BlockedEncryptionTypes = { EncryptionType: new Flow(['SSE-C']) };
      properties.BucketEncryption = { ServerSideEncryptionConfiguration: [rule] };
    }
    if (rng.chance(0.7)) properties.VersioningConfiguration = { Status: 'Enabled' };
    if (rng.chance(0.75)) {
      properties.PublicAccessBlockConfiguration = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
    }
    if (rng.chance(0.4)) {
      properties.LifecycleConfiguration = {
        Rules: [
          { Id: 'ExpireOldVersions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: rng.pick([30, 60, 90]) } },
          ...(rng.chance(0.5) ? [{ Id: 'TransitionToIA', Status: 'Enabled', Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] }] : []),
        ],
      };
    }
    if (rng.chance(0.5)) properties.Tags = [{ Key: 'Domain', Value: domain }, { Key: 'DataClassification', Value: rng.pick(['internal', 'confidential', 'public']) }];
    b.resources[commentKey()] = '';
    if (rng.chance(0.3)) b.resources[commentKey()] = `${domain} ${flavour === 'none' ? 'bucket (encryption left to the account default)' : 'bucket'}`;
    b.resources[name] = { Type: 'AWS::S3::Bucket', DeletionPolicy: rng.pick(['Retain', 'Delete']), Properties: properties };
    if (rng.chance(0.75)) {
      const statements = [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [getAtt(name, 'Arn'), sub(`\${${name}.Arn}/*`)],
          Condition: { Bool: { 'aws:SecureTransport': false } },
        },
      ];
      if (rng.chance(0.3)) {
        statements.push({
          Sid: 'DenySseCUploads',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: sub(`\${${name}.Arn}/*`),
          Condition: { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } },
        });
      }
      if (this.roles.length > 0 && rng.chance(0.4)) {
        statements.push({
          Sid: 'AllowReadFromService',
          Effect: 'Allow',
          Principal: { AWS: getAtt(rng.pick(this.roles), 'Arn') },
          Action: new Flow(['s3:GetObject', 's3:ListBucket']),
          Resource: [getAtt(name, 'Arn'), sub(`\${${name}.Arn}/*`)],
        });
      }
      b.resources[this.name(`${name}Policy`)] = {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: ref(name), PolicyDocument: { Version: '2012-10-17', Statement: statements } },
      };
    }
    if (rng.chance(0.5)) {
      b.outputs[this.name(`${name}Name`)] = { Description: `Name of ${name}`, Value: ref(name), Export: { Name: sub(`\${AWS::StackName}-${name}`) } };
    }
    b.state.buckets.push(name);
  }

  roleBlock(b, base) {
    const rng = this.rng;
    const name = this.name(`${base}Role`);
    const statements = [
      { Effect: 'Allow', Action: new Flow(['logs:CreateLogStream', 'logs:PutLogEvents']), Resource: sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/*') },
    ];
    if (this.queues.length > 0) {
      statements.push({ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: getAtt(rng.pick(this.queues), 'Arn') });
    }
    if (rng.chance(0.5)) {
      statements.push({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'], Resource: sub('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*') });
    }
    if (this.buckets.length > 0 && rng.chance(0.6)) {
      const bucket = rng.pick(this.buckets);
      statements.push({ Effect: 'Allow', Action: new Flow(['s3:GetObject', 's3:PutObject']), Resource: sub(`\${${bucket}.Arn}/*`) });
    }
    if (this.keys.length > 0 && rng.chance(0.5)) {
      statements.push({ Effect: 'Allow', Action: new Flow(['kms:Decrypt', 'kms:GenerateDataKey']), Resource: getAtt(rng.pick(this.keys), 'Arn') });
    }
    b.resources[commentKey()] = '';
    b.resources[name] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        ManagedPolicyArns: [sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')],
        Policies: [{ PolicyName: `${base}Access`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        ...(rng.chance(0.4) ? { Tags: [{ Key: 'Service', Value: base }] } : {}),
      },
    };
    b.state.roles.push(name);
    return name;
  }

  functionBlock(b) {
    const rng = this.rng;
    const base = rng.pick(DOMAINS) + rng.pick(FUNCTION_ROLES);
    const role = this.roleBlock(b, base);
    const name = this.name(`${base}Function`);
    const python = rng.chance(0.6);
    const code = python ? rng.pick(PY_SNIPPETS) : rng.pick(JS_SNIPPETS);
    const variables = { LOG_LEVEL: this.template.Parameters?.LogLevel ? ref('LogLevel') : 'INFO', POWERTOOLS_SERVICE_NAME: base };
    if (this.queues.length > 0) variables.QUEUE_URL = ref(rng.pick(this.queues));
    if (this.buckets.length > 0) variables.BUCKET = ref(rng.pick(this.buckets));
    if (rng.chance(0.5)) variables.TABLE_NAME = sub(`\${AWS::StackName}-${base.toLowerCase()}`);
    if (this.hasConditions && rng.chance(0.5)) variables.STAGE = ref('Environment');
    const properties = {
      FunctionName: sub(`\${AWS::StackName}-${base}`),
      Description: `${base} function`,
      Runtime: python ? rng.pick(['python3.11', 'python3.12']) : rng.pick(['nodejs18.x', 'nodejs20.x']),
      Handler: python ? 'index.handler' : 'index.handler',
      Role: getAtt(role, 'Arn'),
      Timeout: rng.pick([10, 30, 60, 300]),
      MemorySize: this.hasConditions && rng.chance(0.4) ? iff('IsProd', 1024, 256) : rng.pick([128, 256, 512, 1024]),
      Environment: { Variables: variables },
      Code: { ZipFile: new Lit(code.join('\n') + '\n') },
    };
    if (rng.chance(0.5)) properties.TracingConfig = { Mode: 'Active' };
    if (rng.chance(0.3)) properties.Architectures = new Flow(['arm64']);
    b.resources[name] = { Type: 'AWS::Lambda::Function', Properties: properties };
    if (rng.chance(0.6)) {
      b.resources[this.name(`${name}LogGroup`)] = {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: sub(`/aws/lambda/\${${name}}`), RetentionInDays: this.hasConditions ? ref('RetentionDays') : 30 },
      };
    }
    if (this.queues.length > 0 && rng.chance(0.5)) {
      b.resources[this.name(`${name}EventSource`)] = {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { EventSourceArn: getAtt(rng.pick(this.queues), 'Arn'), FunctionName: ref(name), BatchSize: 10 },
      };
    }
    if (rng.chance(0.3)) {
      const rule = this.name(`${name}Schedule`);
      b.resources[rule] = {
        Type: 'AWS::Events::Rule',
        Properties: { ScheduleExpression: rng.pick(['rate(5 minutes)', 'rate(1 hour)', 'cron(0 3 * * ? *)']), State: 'ENABLED', Targets: [{ Id: 'Target', Arn: getAtt(name, 'Arn') }] },
      };
      b.resources[this.name(`${name}InvokePermission`)] = {
        Type: 'AWS::Lambda::Permission',
        Properties: { FunctionName: ref(name), Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: getAtt(rule, 'Arn') },
      };
    }
    if (rng.chance(0.4)) b.outputs[this.name(`${name}Arn`)] = { Description: `ARN of ${name}`, Value: getAtt(name, 'Arn') };
    b.state.functions.push(name);
  }

  queueBlock(b) {
    const rng = this.rng;
    const base = rng.pick(DOMAINS);
    const name = this.name(`${base}Queue`);
    const properties = { QueueName: sub(`\${AWS::StackName}-${base.toLowerCase()}`), VisibilityTimeout: rng.pick([30, 60, 300]), MessageRetentionPeriod: rng.pick([86400, 345600, 1209600]) };
    if (rng.chance(0.5)) properties.KmsMasterKeyId = 'alias/aws/sqs';
    else properties.SqsManagedSseEnabled = true;
    b.resources[commentKey()] = '';
    if (rng.chance(0.6)) {
      const dlq = this.name(`${base}DeadLetterQueue`);
      b.resources[dlq] = { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true } };
      properties.RedrivePolicy = { deadLetterTargetArn: getAtt(dlq, 'Arn'), maxReceiveCount: rng.pick([3, 5, 10]) };
    }
    b.resources[name] = { Type: 'AWS::SQS::Queue', Properties: properties };
    if (rng.chance(0.5)) b.outputs[this.name(`${name}Url`)] = { Value: ref(name), Export: { Name: sub(`\${AWS::StackName}-${name}Url`) } };
    b.state.queues.push(name);
  }

  tableBlock(b) {
    const rng = this.rng;
    const base = rng.pick(DOMAINS);
    const name = this.name(`${base}Table`);
    const withSort = rng.chance(0.5);
    b.resources[commentKey()] = '';
    b.resources[name] = {
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      Properties: {
        TableName: sub(`\${AWS::StackName}-${base.toLowerCase()}`),
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, ...(withSort ? [{ AttributeName: 'sk', AttributeType: 'S' }] : [])],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(withSort ? [{ AttributeName: 'sk', KeyType: 'RANGE' }] : [])],
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: this.hasConditions ? iff('IsProd', true, false) : true },
        ...(rng.chance(0.4) ? { TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } } : {}),
      },
    };
    if (rng.chance(0.4)) b.outputs[this.name(`${name}Name`)] = { Value: ref(name) };
  }

  topicBlock(b) {
    const rng = this.rng;
    const base = rng.pick(DOMAINS);
    const name = this.name(`${base}AlertsTopic`);
    b.resources[commentKey()] = '';
    b.resources[name] = {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: sub(`\${AWS::StackName}-${base.toLowerCase()}-alerts`), KmsMasterKeyId: 'alias/aws/sns' },
    };
    if (this.template.Parameters?.AlarmEmail || rng.chance(0.5)) {
      b.resources[this.name(`${name}Subscription`)] = {
        Type: 'AWS::SNS::Subscription',
        Properties: { TopicArn: ref(name), Protocol: 'email', Endpoint: this.template.Parameters?.AlarmEmail ? ref('AlarmEmail') : 'ops@example.com' },
      };
    }
    if (this.functions.length > 0 && rng.chance(0.6)) {
      const fn = rng.pick(this.functions);
      b.resources[this.name(`${fn}ErrorsAlarm`)] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmDescription: `Errors in ${fn}`,
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: ref(fn) }],
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: [ref(name)],
        },
      };
    }
  }

  logGroupBlock(b) {
    const rng = this.rng;
    const base = rng.pick(DOMAINS);
    const name = this.name(`${base}LogGroup`);
    b.resources[name] = {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: sub(`/app/\${AWS::StackName}/${base.toLowerCase()}`), RetentionInDays: this.hasConditions ? ref('RetentionDays') : rng.pick([7, 30, 90]) },
    };
  }

  finish() {
    if (Object.keys(this.outputs).length > 0) this.template.Outputs = this.outputs;
    else delete this.template.Outputs;
    return this.template;
  }
}

const FILLER_KINDS = [['function', 32], ['role', 8], ['queue', 16], ['table', 12], ['topic', 9], ['logGroup', 7], ['bucket', 7], ['key', 3]];
const SMALL_KINDS = [['logGroup', 4], ['queue', 3], ['table', 1], ['bucket', 1]];

function countLines(text) {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Builds one template whose rendering in `format` has at most `targetLines` lines (and at least a bucket). */
function buildTemplate(rng, index, format, targetLines) {
  const render = format === 'yaml' ? toYaml : toJson;
  const builder = new TemplateBuilder(rng, index, { withParameters: targetLines >= (format === 'yaml' ? 60 : 90) });
  const tryAdd = (kind) => {
    const candidate = builder.block(kind);
    builder.commit(candidate);
    if (countLines(render(builder.finish())) <= targetLines) return true;
    for (const key of Object.keys(candidate.resources)) delete builder.template.Resources[key];
    for (const key of Object.keys(candidate.outputs)) delete builder.outputs[key];
    for (const key of Object.keys(candidate.state)) builder[key].splice(builder[key].length - candidate.state[key].length);
    builder.discard(candidate);
    return false;
  };
  // Every template has a bucket; if no full bucket block fits, a bare one does.
  let placed = false;
  for (let attempt = 0; attempt < 6 && !placed; attempt++) placed = tryAdd('bucket');
  if (!placed) builder.commit(builder.block('bareBucket'));
  let misses = 0;
  while (misses < 6) {
    if (tryAdd(rng.weighted(misses < 3 ? FILLER_KINDS : SMALL_KINDS))) misses = 0;
    else misses++;
  }
  return builder.finish();
}

/** The ~10,000-line YAML template (exactly `targetLines` lines, padded with comments at the end). */
function buildHuge(rng, targetLines) {
  const builder = new TemplateBuilder(rng, 0, { withParameters: true });
  builder.commit(builder.block('key'));
  // Blocks add lines independently, so count each block from its own rendering.
  const base = countLines(toYaml(builder.finish()));
  let estimate = base;
  while (estimate < targetLines - 400) {
    const before = countLines(toYaml({ Resources: builder.template.Resources, Outputs: builder.outputs }));
    builder.commit(builder.block(rng.weighted(FILLER_KINDS)));
    const after = countLines(toYaml({ Resources: builder.template.Resources, Outputs: builder.outputs }));
    estimate += after - before;
    if (Object.keys(builder.template.Resources).length % 50 === 0) estimate = countLines(toYaml(builder.finish()));
  }
  let text = toYaml(builder.finish());
  let lines = countLines(text);
  while (lines < targetLines - 12) {
    builder.commit(builder.block(rng.weighted(SMALL_KINDS)));
    const next = toYaml(builder.finish());
    if (countLines(next) > targetLines) break;
    text = next;
    lines = countLines(text);
  }
  // The last block may have been one too many; rebuild from the template object to be exact.
  text = toYaml(builder.finish());
  if (countLines(text) > targetLines) {
    const names = Object.keys(builder.template.Resources);
    while (countLines(toYaml(builder.finish())) > targetLines) delete builder.template.Resources[names.pop()];
    text = toYaml(builder.finish());
  }
  const template = builder.finish();
  const missing = targetLines - countLines(text);
  for (let i = 0; i < missing; i++) template[commentKey()] = i === 0 ? '' : `padding line ${i} to reach ${targetLines} lines`;
  return template;
}

/** The ~40-line template the cold-start measurement lints. */
function buildSmall() {
  const rng = new Rng(42);
  for (let attempt = 0; ; attempt++) {
    const template = buildTemplate(rng, 9000 + attempt, 'yaml', 44);
    const text = toYaml(template);
    if (countLines(text) >= 36 && template.Resources && Object.keys(template.Resources).length >= 2) return text;
  }
}

/**
 * Generates the corpus in memory.
 * @returns {{ files: {name: string, format: 'yaml'|'json', text: string, lines: number}[], huge: {yaml: string, json: string}, small: string }}
 */
export function generateCorpus({ seed = DEFAULT_SEED, count = 1000, hugeLines = 10_000 } = {}) {
  commentCounter = 0;
  const rng = new Rng(seed);
  const files = [];
  for (let i = 0; i < count; i++) {
    const format = rng.chance(0.8) ? 'yaml' : 'json';
    // Half log-uniform (many small stacks), half uniform: 10..400 lines, mean about 150.
    const target = rng.chance(0.5) ? Math.round(10 * Math.pow(40, rng.float())) : rng.int(10, 400);
    const template = buildTemplate(rng, i, format, target);
    const text = format === 'yaml' ? toYaml(template) : toJson(template);
    const id = String(i).padStart(4, '0');
    files.push({ name: `stack-${id}.cfn.${format}`, format, text, lines: countLines(text) });
  }
  const huge = buildHuge(new Rng(seed ^ 0x9e3779b9), hugeLines);
  return { files, huge: { yaml: toYaml(huge), json: toJson(huge) }, small: buildSmall() };
}

export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

export { countLines };
