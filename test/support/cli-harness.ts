import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../server/src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process (no child process) with captured output. */
export function cli(argv: string[], cwd: string): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    isTty: false,
    env: {},
  });
  return { code, stdout, stderr };
}

/** A scratch folder holding the given files (relative path → content). */
export function scratch(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'encryption-lint-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** A template with exactly one finding: S3-003 on the `Data:` line (line 3). */
export const ONE_FINDING = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
            BlockedEncryptionTypes:
              EncryptionType: [SSE-C]
  DataPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Data
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: [!GetAtt Data.Arn, !Sub '\${Data.Arn}/*']
            Condition:
              Bool:
                aws:SecureTransport: false
`;

/** The same bucket, compliant. */
export const COMPLIANT = ONE_FINDING.replace(
  '              KMSMasterKeyID: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n',
  '              KMSMasterKeyID: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\n            BucketKeyEnabled: true\n',
);
