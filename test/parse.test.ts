import { describe, expect, it } from 'vitest';
import { parseTemplateText } from '../server/src/engine';
import type { TreeNode } from '../server/src/engine/model/tree';

/** The tree without ranges and styles: what YAML short forms and JSON long forms must agree on. */
function shape(node: TreeNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'map':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, shape(entry.value)]));
    case 'seq':
      return node.items.map(shape);
    case 'scalar':
      return node.value;
    case 'intrinsic':
      return { [`<${node.name}>`]: shape(node.argument) };
  }
}

const YAML_SHORT = `Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Condition IsProd]]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Join ['-', [!Ref AWS::StackName, !Select [0, !Split ['-', !ImportValue Shared]]]]
      Tags:
        - Key: a
          Value: !GetAtt K.Arn
        - Key: b
          Value: !GetAtt [K, KeyId]
        - Key: c
          Value: !Sub '\${K.Arn}/x'
        - Key: d
          Value: !Sub ['\${X}', {X: !FindInMap [M, !Ref AWS::Region, v]}]
        - Key: e
          Value: !If [IsProd, !Base64 x, !Ref AWS::NoValue]
        - Key: f
          Value: !Select [0, !Cidr [10.0.0.0/16, 2, 8]]
        - Key: g
          Value: !Select [0, !GetAZs '']
        - Key: h
          Value: !Transform {Name: AWS::Include, Parameters: {Location: s3://x}}
`;

const JSON_LONG = JSON.stringify({
  Conditions: {
    IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
    NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
    Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ Condition: 'NotProd' }, { Condition: 'IsProd' }] }] },
  },
  Resources: {
    B: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: { 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::ImportValue': 'Shared' }] }] }]] },
        Tags: [
          { Key: 'a', Value: { 'Fn::GetAtt': 'K.Arn' } },
          { Key: 'b', Value: { 'Fn::GetAtt': ['K', 'KeyId'] } },
          { Key: 'c', Value: { 'Fn::Sub': '${K.Arn}/x' } },
          { Key: 'd', Value: { 'Fn::Sub': ['${X}', { X: { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'v'] } }] } },
          { Key: 'e', Value: { 'Fn::If': ['IsProd', { 'Fn::Base64': 'x' }, { Ref: 'AWS::NoValue' }] } },
          { Key: 'f', Value: { 'Fn::Select': [0, { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }] } },
          { Key: 'g', Value: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } },
          { Key: 'h', Value: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://x' } } } },
        ],
      },
    },
  },
}, null, 2);

describe('CloudFormation parsing', () => {
  it('reads every YAML short-form intrinsic as its Fn:: long form', () => {
    const yaml = parseTemplateText('t.yaml', YAML_SHORT);
    const json = parseTemplateText('t.json', JSON_LONG);
    expect(yaml.errors).toEqual([]);
    expect(json.errors).toEqual([]);
    // !Condition inside conditions is the one short form whose long form is a plain mapping.
    const normalise = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value).replace(/\{"<Condition>":("[^"]*")\}/g, '{"Condition":$1}'));
    expect(normalise(shape(yaml.tree))).toEqual(normalise(shape(json.tree)));
  });

  it('keeps the range of a short-form intrinsic including its tag', () => {
    const text = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Name\n';
    const tree = parseTemplateText('t.yaml', text).tree!;
    const resources = tree.kind === 'map' ? tree.entries[0].value : undefined;
    const bucket = resources?.kind === 'map' ? resources.entries[0].value : undefined;
    const properties = bucket?.kind === 'map' ? bucket.entries[1].value : undefined;
    const name = properties?.kind === 'map' ? properties.entries[0].value : undefined;
    expect(name?.kind).toBe('intrinsic');
    expect(text.slice(name!.range.start, name!.range.end)).toBe('!Ref Name');
  });

  it('refuses comments and trailing commas in CloudFormation JSON with a plain message', () => {
    const result = parseTemplateText('t.json', '{\n  // note\n  "Resources": {}\n}');
    expect(result.errors[0].message).toBe('invalid JSON: CloudFormation JSON does not allow comments');
  });

  it('puts an indentation error on the misplaced key, not on the spaces before it', () => {
    const yaml = 'Resources:\n  Subnet:\n    Properties:\n      CidrBlock: 172.31.1.0/24\n     AvailabilityZone: us-east-1a\n';
    const result = parseTemplateText('t.yaml', yaml);
    const at = yaml.indexOf('AvailabilityZone');
    expect(result.errors).toEqual([{ message: 'All mapping items must start at the same column', range: { start: at, end: at + 'AvailabilityZone'.length } }]);
  });

  it('reads a duplicate key as CloudFormation does (the last one wins) and reports it at the later key', () => {
    const message = 'duplicate key "Data": CloudFormation silently keeps only the last one; remove or rename the other';
    const json = '{\n  "Resources": {\n    "Data": {"Type": "AWS::S3::Bucket"},\n    "Data": {"Type": "AWS::KMS::Key"}\n  }\n}';
    const fromJson = parseTemplateText('t.json', json);
    const [jsonFirst, jsonLast] = [json.indexOf('"Data"'), json.lastIndexOf('"Data"')];
    expect(fromJson.errors).toEqual([{ message, range: { start: jsonLast, end: jsonLast + 6 }, duplicate: { key: 'Data', first: { start: jsonFirst, end: jsonFirst + 6 } } }]);
    expect(resourceTypes(fromJson.tree)).toEqual({ Data: 'AWS::KMS::Key' });
    const yaml = 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n  Data:\n    Type: AWS::KMS::Key\n';
    const fromYaml = parseTemplateText('t.yaml', yaml);
    const [yamlFirst, yamlLast] = [yaml.indexOf('Data'), yaml.lastIndexOf('Data')];
    expect(fromYaml.errors).toEqual([{ message, range: { start: yamlLast, end: yamlLast + 4 }, duplicate: { key: 'Data', first: { start: yamlFirst, end: yamlFirst + 4 } } }]);
    expect(resourceTypes(fromYaml.tree)).toEqual({ Data: 'AWS::KMS::Key' });
  });

  it('lists duplicates in text order, however deep they are', () => {
    const yaml = 'Resources:\n  A:\n    Type: X\n    Type: Y\nResources: {}\n';
    expect(parseTemplateText('t.yaml', yaml).errors.map((error) => error.duplicate?.key)).toEqual(['Type', 'Resources']);
  });
});

function resourceTypes(tree: TreeNode | undefined): Record<string, unknown> {
  const resources = tree?.kind === 'map' ? tree.entries.find((entry) => entry.key === 'Resources')?.value : undefined;
  if (resources?.kind !== 'map') return {};
  return Object.fromEntries(resources.entries.map((entry) => [entry.key, entry.value.kind === 'map' ? (entry.value.entries[0].value as { value?: unknown }).value : undefined]));
}

describe('YAML scalars as CloudFormation reads them', () => {
  it('keeps a plain Null: key and the digits of a zero-padded account ID', () => {
    const tree = parseTemplateText('t.yaml', 'Null:\n  a: 012345678901\nb: 7\n').tree!;
    expect(tree.kind === 'map' && tree.entries.map((entry) => entry.key)).toEqual(['Null', 'b']);
    const nested = tree.kind === 'map' ? tree.entries[0].value : undefined;
    expect(nested?.kind === 'map' && nested.entries[0].value).toMatchObject({ kind: 'scalar', value: '012345678901' });
    expect(tree.kind === 'map' && tree.entries[1].value).toMatchObject({ kind: 'scalar', value: 7 });
  });
});

describe('suppression comments are told from text', () => {
  it('knows when a # is inside a quoted scalar', async () => {
    const { insideQuotes } = await import('../server/src/engine/suppress/suppressions');
    const at = (line: string) => insideQuotes(line, line.indexOf('#'));
    expect(at("      QueueName: 'jobs # x'")).toBe(true);
    expect(at('      Description: "say \\"hi\\" # x"')).toBe(true);
    expect(at("      Name: 'it''s # x'")).toBe(true);
    expect(at("      Description: it's fine  # x")).toBe(false);
    expect(at("      Description: 'done'  # x")).toBe(false);
    expect(at("  - 'a', 'b' # x")).toBe(false);
    expect(at('  Key:  # x')).toBe(false);
  });
});
