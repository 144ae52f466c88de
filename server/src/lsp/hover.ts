import type { BucketDescription, DescribedValue, KeyDescription, LineIndex, ResourceDescription } from '../engine';
import { BUCKET_KEY_REQUEST_REDUCTION } from '../engine';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

function escape(text: string): string {
  // Expressions quoted from the template may span lines: one line, single spaces, in a table cell.
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function where(value: DescribedValue, lines: LineIndex): string {
  return value.at ? ` (line ${lines.position(value.at.start).line})` : '';
}

function row(label: string, value: DescribedValue, lines: LineIndex): string {
  return `| ${label} | ${escape(value.text)} | ${escape(value.how)}${where(value, lines)} |`;
}

/** The title (with the `Fn::If` branch a variant describes) and the head of the settings table. */
function heading(title: string, description: { type: string; branch?: string }, valueColumn: string): string[] {
  return [`${title} (${description.type})${description.branch ? ` — when ${description.branch}` : ''}`, '', `| | ${valueColumn} | how it was resolved |`, '|---|---|---|'];
}

/** Markdown for a bucket: its effective encryption, each value with how it was resolved, and the KMS request estimate. */
function bucketMarkdown(description: BucketDescription, lines: LineIndex, costLine: string): string {
  const parts = [
    ...heading(`**S3 bucket \`${description.id}\`**`, description, 'effective setting'),
    row('Encryption', description.encryption, lines),
    row('KMS key', description.key, lines),
    row('Bucket Key', description.bucketKey, lines),
    row('SSE-C', description.sseC, lines),
    row('TLS only', description.tls, lines),
    '',
  ];
  const estimate = description.estimate;
  if (estimate.kind === 'none') {
    parts.push(`**KMS request estimate**: none — ${estimate.reason}.`);
  } else {
    const { withoutBucketKey, withBucketKey } = estimate.values;
    parts.push(
      `**KMS request estimate** (${costLine}):`,
      `- without a Bucket Key: ${integer.format(withoutBucketKey.requests)} KMS requests ≈ ${usd.format(withoutBucketKey.monthlyUsd)}/month${estimate.bucketKeyOn === false ? ' ← this bucket' : ''}`,
      `- with a Bucket Key: up to ${Math.round(BUCKET_KEY_REQUEST_REDUCTION * 100)}% fewer, ≈ ${integer.format(withBucketKey.requests)} requests ≈ ${usd.format(withBucketKey.monthlyUsd)}/month${estimate.bucketKeyOn ? ' ← this bucket' : ''}`,
    );
    if (estimate.bucketKeyOn === undefined) parts.push('- whether this bucket has a Bucket Key is not known statically.');
    if (description.encryption.text.startsWith('DSSE')) parts.push('- DSSE-KMS does not support Bucket Keys: every object read and write calls KMS.');
  }
  return parts.join('\n');
}

function keyMarkdown(description: KeyDescription, lines: LineIndex): string {
  const parts = [
    ...heading(`**KMS key \`${description.id}\`**`, description, 'setting'),
    row('Spec', description.spec, lines),
    row('Rotation', description.rotation, lines),
    row('Deletion window', description.deletionWindow, lines),
    '',
    `**Key policy** (${escape(description.policy.how)}):`,
    ...description.policy.statements.map((statement) => `- ${statement.replace(/\s+/g, ' ')}`),
    '',
    description.usedBy.length > 0
      ? `**Used by**: ${description.usedBy.map((bucket) => `\`${bucket.id}\` (line ${lines.position(bucket.at.start).line})`).join(', ')}`
      : '**Used by**: no bucket in this template',
  ];
  return parts.join('\n');
}

/** The hover text for the resource under the cursor. */
export function hoverMarkdown(described: { shown: ResourceDescription[]; hidden: number }, lines: LineIndex, costLine: string): string {
  const parts = described.shown.map((description) => (description.kind === 'bucket' ? bucketMarkdown(description, lines, costLine) : keyMarkdown(description, lines)));
  if (described.hidden > 0) parts.push(`…and ${described.hidden} more ${described.hidden === 1 ? 'variant' : 'variants'} (other \`Fn::If\` branches or loop values) not shown.`);
  return parts.join('\n\n---\n\n');
}
