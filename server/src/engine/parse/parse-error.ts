import type { SourceRange } from '../model/range';

/** A template that could not be read or parsed: reported in `errors`, never as a finding. */
export interface ParseError {
  message: string;
  range: SourceRange;
}

/** The message for a key written twice in one mapping, in YAML and JSON alike. */
export function duplicateKeyMessage(key: string): string {
  return `duplicate key "${key}": CloudFormation rejects a template with duplicate keys`;
}
