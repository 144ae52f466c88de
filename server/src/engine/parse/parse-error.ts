import type { SourceRange } from '../model/range';
import type { MapEntry } from '../model/tree';

/** A template that could not be read or parsed: reported in `errors`, never as a finding. */
export interface ParseError {
  message: string;
  range: SourceRange;
  /** Set for a duplicate key: the template was still read (the last value wins); `first` is the earlier key. */
  duplicate?: { key: string; first: SourceRange };
}

/**
 * A key written twice in one mapping. CloudFormation accepts the template and silently keeps the
 * last value, in YAML and JSON alike (aws-cloudformation/cfn-language-discussion#96), so the
 * template is read that way too and the duplicate is reported, never deployed unnoticed: a
 * reviewer reads the first value, CloudFormation deploys the last.
 */
export function keepLastOfEachKey(entries: MapEntry[], errors: ParseError[]): MapEntry[] {
  if (entries.length < 2) return entries;
  const lastIndex = new Map<string, number>();
  entries.forEach((entry, index) => lastIndex.set(entry.key, index));
  if (lastIndex.size === entries.length) return entries;
  const firstOf = new Map<string, MapEntry>();
  for (const entry of entries) {
    const first = firstOf.get(entry.key);
    if (!first) firstOf.set(entry.key, entry);
    else errors.push({ message: duplicateKeyMessage(entry.key), range: entry.keyRange, duplicate: { key: entry.key, first: first.keyRange } });
  }
  return entries.filter((entry, index) => lastIndex.get(entry.key) === index);
}

/** The message; with `firstLine` (1-based, in the whole file) once the caller knows it. */
export function duplicateKeyMessage(key: string, firstLine?: number): string {
  const where = firstLine === undefined ? '' : ` (also on line ${firstLine})`;
  return `duplicate key "${key}"${where}: CloudFormation silently keeps only the last one; remove or rename the other`;
}
