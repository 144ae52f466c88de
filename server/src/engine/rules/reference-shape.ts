/**
 * The shape of a value built at deploy time, such as
 * `!Sub 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${DataKey}'`. Each
 * placeholder is replaced by a sample of what it stands for, so the result can be classified
 * like a literal (a key ARN, an alias ARN, …). Undefined when some placeholder has no known shape.
 */
export interface SampledValue {
  text: string;
  /** Resources of the template the value refers to, by logical ID. */
  resources: string[];
}

const PSEUDO_SAMPLES: Readonly<Record<string, string>> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '111122223333',
  'AWS::URLSuffix': 'amazonaws.com',
};
const SAMPLE_KEY_ID = '00000000-0000-0000-0000-000000000000';

/** What `Ref` and `Fn::GetAtt` of KMS resources return (CloudFormation resource reference). */
function resourceSample(type: string | undefined, attribute: string | undefined): string | undefined {
  if (type === 'AWS::KMS::Key' || type === 'AWS::KMS::ReplicaKey') {
    if (attribute === undefined || attribute === 'KeyId') return SAMPLE_KEY_ID;
    if (attribute === 'Arn') return `arn:aws:kms:us-east-1:111122223333:key/${SAMPLE_KEY_ID}`;
  }
  // Ref of an alias returns its name, `alias/…`.
  if (type === 'AWS::KMS::Alias' && attribute === undefined) return 'alias/sample';
  return undefined;
}

/** The template with its pseudo parameters replaced by samples; other placeholders stay. */
export function withPseudoParameterSamples(template: string): string {
  return template.replace(/\$\{(AWS::[A-Za-z]+)\}/g, (placeholder, name: string) => PSEUDO_SAMPLES[name] ?? placeholder);
}

export function sampleTemplate(template: string, resourceType: (id: string) => string | undefined): SampledValue | undefined {
  const resources: string[] = [];
  let unknown = false;
  const text = template.replace(/\$\{([^}]*)\}/g, (_match, inner: string) => {
    if (inner in PSEUDO_SAMPLES) return PSEUDO_SAMPLES[inner];
    const dot = inner.indexOf('.');
    const id = dot === -1 ? inner : inner.slice(0, dot);
    const sample = resourceSample(resourceType(id), dot === -1 ? undefined : inner.slice(dot + 1));
    if (sample === undefined) {
      unknown = true;
      return '';
    }
    resources.push(id);
    return sample;
  });
  return unknown ? undefined : { text, resources };
}
