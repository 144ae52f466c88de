import type { SourceRange } from '../model/range';

/** A template that could not be read or parsed: reported in `errors`, never as a finding. */
export interface ParseError {
  message: string;
  range: SourceRange;
}
