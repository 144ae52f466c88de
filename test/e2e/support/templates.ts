// Templates shared by the real-client end-to-end suites. Each has a known set of findings,
// checked by the headless CLI in the suites themselves, so a rule change shows up here first.

/**
 * A rotated key owned by the account and a bucket on SSE-KMS with it, SSE-C blocked and a TLS-only
 * bucket policy; with `bucketKey` false the Bucket Key line is left out.
 */
function bucketWithKey(bucket: string, bucketKey: boolean): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Sid: AccountRoot
            Effect: Allow
            Principal:
              AWS: !Sub arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root
            Action: kms:*
            Resource: '*'
  ${bucket}:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt Key.Arn
${bucketKey ? '            BucketKeyEnabled: true\n' : ''}            BlockedEncryptionTypes:
              EncryptionType: [SSE-C]
  ${bucket}Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref ${bucket}
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource:
              - !GetAtt ${bucket}.Arn
              - !Sub '\${${bucket}.Arn}/*'
            Condition:
              Bool:
                aws:SecureTransport: false
`;
}

/** No finding at all: SSE-KMS with a customer key and a Bucket Key, SSE-C blocked, TLS-only policy, a rotated key owned by the account. */
export const COMPLIANT = bucketWithKey('B', true);

/** Exactly one finding, an error: KMS-002 (a key policy that allows principal "*" with no condition), at line 12. */
export const KMS_WILDCARD_YAML = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Sid: EveryoneEverything
            Effect: Allow
            Principal: '*'
            Action: kms:*
            Resource: '*'
`;

/** The same key as KMS_WILDCARD_YAML, as JSON, for a `.template` file. */
export const KMS_WILDCARD_JSON = `${JSON.stringify(
  {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      LegacyKey: {
        Type: 'AWS::KMS::Key',
        Properties: {
          EnableKeyRotation: true,
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [{ Sid: 'EveryoneEverything', Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }],
          },
        },
      },
    },
  },
  null,
  2,
)}\n`;

/**
 * Exactly one finding, a warning: S3-003 (SSE-KMS without an S3 Bucket Key) on the logical ID `Data`
 * (0-based line BUCKET_KEY_MISSING_LINE). Inserting `BUCKET_KEY_FIX_TEXT` after 0-based line
 * BUCKET_KEY_FIX_AFTER_LINE fixes it.
 */
export const BUCKET_KEY_MISSING = bucketWithKey('Data', false);
export const BUCKET_KEY_MISSING_LINE = 15;
/** 0-based line of `KMSMasterKeyID: !GetAtt Key.Arn`; the fix goes right after it, at the rule's indentation. */
export const BUCKET_KEY_FIX_AFTER_LINE = 22;
export const BUCKET_KEY_FIX_TEXT = '            BucketKeyEnabled: true';
