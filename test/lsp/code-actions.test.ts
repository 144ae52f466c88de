import { afterEach, describe, expect, it } from 'vitest';
import { COMPLIANT, ONE_FINDING } from '../support/cli-harness';
import { applyWorkspaceEdit, TestClient } from './lsp-client';

interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit?: { changes?: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]> };
  command?: { command: string; arguments: unknown[] };
}

const URI = 'file:///workspace/data.cfn.yaml';
let clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((client) => client.stop()));
  clients = [];
});

async function openWith(text: string, uri = URI, languageId = 'yaml', resolvesCodeActions = false) {
  const client = new TestClient({ resolvesCodeActions });
  clients.push(client);
  await client.initialize();
  await client.open(uri, text, languageId);
  const published = await client.waitFor(uri, () => true);
  const actions = (only?: string[], diagnostics = published.diagnostics) =>
    client.connection.sendRequest<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  return { client, published, actions };
}

describe('code actions', () => {
  it('offers the fix (preferred when safe), disable for this line, and the documentation', async () => {
    const { actions } = await openWith(ONE_FINDING);
    const offered = await actions();
    expect(offered.map((a) => [a.title, a.kind, a.isPreferred ?? false])).toEqual([
      ['Enable the S3 Bucket Key (S3-003)', 'quickfix', true],
      ['Disable S3-003 for this line', 'quickfix', false],
      ['Show documentation for S3-003', 'quickfix', false],
    ]);
    const fixed = await applyWorkspaceEdit(ONE_FINDING, URI, offered[0].edit!);
    expect(fixed).toBe(ONE_FINDING.replace('              EncryptionType: [SSE-C]\n', '              EncryptionType: [SSE-C]\n            BucketKeyEnabled: true\n'));
    const disabled = await applyWorkspaceEdit(ONE_FINDING, URI, offered[1].edit!);
    expect(disabled).toBe(ONE_FINDING.replace('  Data:\n', '  # encryption-lint-disable-next-line S3-003 -- <reason>\n  Data:\n'));
    expect(offered[2].command).toEqual({ title: 'Show documentation for S3-003', command: 'encryptionLint.showRuleDocumentation', arguments: ['S3-003'] });
  });

  it('adds the rule to a disable directive already above the line instead of stacking a second one', async () => {
    const text = ONE_FINDING.replace('  Data:\n', '  # encryption-lint-disable-next-line S3-004 -- kept for the legacy uploader\n  Data:\n');
    const { actions } = await openWith(text);
    const disable = (await actions()).find((a) => a.title === 'Disable S3-003 for this line')!;
    const disabled = await applyWorkspaceEdit(text, URI, disable.edit!);
    expect(disabled).toBe(text.replace('disable-next-line S3-004 -- kept', 'disable-next-line S3-004, S3-003 -- kept'));
  });

  it('writes JSON edits to a JSON template whatever language the client says it is in', async () => {
    // Users map *.template to YAML; many .template files are JSON.
    const json = '{\n  "Resources": {\n    "Key": {\n      "Type": "AWS::KMS::Key",\n      "Properties": {"EnableKeyRotation": false}\n    }\n  }\n}\n';
    const uri = 'file:///workspace/legacy.template';
    const { actions } = await openWith(json, uri, 'yaml');
    const offered = await actions();
    expect(offered.map((a) => a.title)).toEqual(['Enable automatic key rotation (KMS-001)', 'Disable KMS-001 for resource Key', 'Show documentation for KMS-001']);
    const disabled = await applyWorkspaceEdit(json, uri, offered[1].edit!);
    expect(JSON.parse(disabled).Resources.Key.Metadata).toEqual({ 'encryption-lint': { ignore: [{ id: 'KMS-001', reason: '<reason>' }] } });
  });

  it('source.fixAll.encryptionLint applies safe fixes only', async () => {
    const text = ONE_FINDING.replace('SSEAlgorithm: aws:kms', 'SSEAlgorithm: aws:kms\n              # keep').replace('  DataPolicy:', '  Key:\n    Type: AWS::KMS::Key\n  DataPolicy:');
    const { actions } = await openWith(text);
    const [fixAll, ...rest] = await actions(['source.fixAll']);
    expect(rest).toEqual([]);
    expect(fixAll.kind).toBe('source.fixAll.encryptionLint');
    const fixed = await applyWorkspaceEdit(text, URI, fixAll.edit!);
    expect(fixed).toContain('            BucketKeyEnabled: true\n');
    expect(fixed).toContain('  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n');
  });

  it('offers "Switch to a customer-managed KMS key" for each key of the template and one that creates a key', async () => {
    const text = COMPLIANT.replace('SSEAlgorithm: aws:kms', 'SSEAlgorithm: AES256').replace('  DataPolicy:', '  Vault:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  DataPolicy:');
    const { actions, published } = await openWith(text);
    const s3001 = published.diagnostics.filter((d) => d.code === 'S3-001');
    const titles = (await actions(undefined, s3001)).map((a) => a.title);
    expect(titles).toEqual([
      'Switch to the customer-managed KMS key Vault (S3-001)',
      'Switch to a new customer-managed KMS key (DataKey) (S3-001)',
      'Disable S3-001 for this line',
      'Show documentation for S3-001',
    ]);
  });

  it('offers "Fix all" when a rule has several fixable problems in the file', async () => {
    const two = `${ONE_FINDING}  Other:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n`;
    const { actions, published } = await openWith(two);
    const s3003 = published.diagnostics.filter((d) => d.code === 'S3-003');
    expect(s3003).toHaveLength(2);
    const fixAll = (await actions(undefined, s3003)).find((a) => a.title === 'Fix all S3-003 problems in this file')!;
    const fixed = await applyWorkspaceEdit(two, URI, fixAll.edit!);
    expect(fixed.match(/BucketKeyEnabled: true/g)).toHaveLength(2);
  });

  it('plans "Fix all" when it is chosen, for clients that resolve code actions (VS Code)', async () => {
    const two = `${ONE_FINDING}  Other:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: aws:kms\n`;
    const { client, actions, published } = await openWith(two, URI, 'yaml', true);
    const s3003 = published.diagnostics.filter((d) => d.code === 'S3-003');
    const offered = (await actions(undefined, s3003)).find((a) => a.title === 'Fix all S3-003 problems in this file')!;
    expect(offered.edit).toBeUndefined();
    const resolved = await client.connection.sendRequest<Action>('codeAction/resolve', offered);
    const fixed = await applyWorkspaceEdit(two, URI, resolved.edit!);
    expect(fixed.match(/BucketKeyEnabled: true/g)).toHaveLength(2);
    // One fixable finding: no "Fix all".
    const one = await openWith(ONE_FINDING, 'file:///workspace/one.cfn.yaml', 'yaml', true);
    expect((await one.actions()).map((a) => a.title)).not.toContain('Fix all S3-003 problems in this file');
  });

  it('runs "Show documentation" on the server for editors other than VS Code, returning the rule page', async () => {
    const { client, actions } = await openWith(ONE_FINDING);
    const show = (await actions()).find((a) => a.title === 'Show documentation for S3-003')!;
    const uri = await client.connection.sendRequest<string>('workspace/executeCommand', show.command);
    expect(uri).toMatch(/^file:\/\/.*\/rules\/s3-bucket-key\.md$/);
  });

  it('offers identical actions once when several findings share a line (resources of one Fn::ForEach fragment)', async () => {
    const text = 'Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Buckets:\n    - Id\n    - [A, B]\n    - Bucket${Id}:\n        Type: AWS::S3::Bucket\n';
    const { actions, published } = await openWith(text);
    const s3005 = published.diagnostics.filter((d) => d.code === 'S3-005');
    expect(s3005.map((d) => d.range.start.line)).toEqual([5, 5]);
    expect((await actions(undefined, s3005)).map((a) => a.title)).toEqual(['Disable S3-005 for this line', 'Show documentation for S3-005']);
  });

  it('ignores diagnostics of another document version', async () => {
    const { actions, published } = await openWith(ONE_FINDING);
    const stale = published.diagnostics.map((d) => ({ ...d, data: { ...(d.data as object), version: 99 } }));
    expect(await actions(undefined, stale)).toEqual([]);
  });

  it('in JSON, disables a rule for the resource through Metadata', async () => {
    const json = JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key' } } }, null, 2) + '\n';
    const uri = 'file:///workspace/key.cfn.json';
    const { actions } = await openWith(json, uri, 'json');
    const disable = (await actions()).find((a) => a.title === 'Disable KMS-001 for resource Key')!;
    const fixed = await applyWorkspaceEdit(json, uri, disable.edit!);
    expect(JSON.parse(fixed).Resources.Key.Metadata).toEqual({ 'encryption-lint': { ignore: [{ id: 'KMS-001', reason: '<reason>' }] } });
  });
});
