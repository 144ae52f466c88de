import type { SourceRange } from '../model/range';
import type { MapEntry } from '../model/tree';

/** A template that could not be read or parsed: reported in `errors`, never as a finding. */
export interface ParseError {
  message: string;
  range: SourceRange;
  /** Set for a duplicate key: the template was still read (the last value wins). */
  duplicateKey?: true;
}

/**
 * A key written twice in one mapping. CloudFormation accepts the template and silently keeps the
 * last value, in YAML and JSON alike (aws-cloudformation/cfn-language-discussion#96), so the
 * template is read that way too and the duplicate is reported, never deployed unnoticed: a
 * reviewer reads the first value, CloudFormation deploys the last.
 */
export function keepLastOfEachKey(entries: MapEntry[], text: string, errors: ParseError[]): MapEntry[] {
  if (entries.length < 2) return entries;
  const lastIndex = new Map<string, number>();
  entries.forEach((entry, index) => lastIndex.set(entry.key, index));
  if (lastIndex.size === entries.length) return entries;
  const firstOf = new Map<string, MapEntry>();
  for (const entry of entries) {
    const first = firstOf.get(entry.key);
    if (!first) firstOf.set(entry.key, entry);
    else errors.push({ message: duplicateKeyMessage(entry.key, lineOf(text, first.keyRange.start)), range: entry.keyRange, duplicateKey: true });
  }
  return entries.filter((entry, index) => lastIndex.get(entry.key) === index);
}

function duplicateKeyMessage(key: string, firstLine: number): string {
  return `duplicate key "${key}" (also on line ${firstLine}): CloudFormation silently keeps only the last one; remove or rename the other`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}
