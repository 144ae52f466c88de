import type { LintError } from '../lint';
import type { LineIndex } from '../model/range';
import type { Finding } from '../rules/rule';

/** One file's results as reporters see them: display path, findings, errors and its line index. */
export interface FileReport {
  /** Path relative to the working directory, with `/` separators. */
  file: string;
  findings: Finding[];
  errors: LintError[];
  lines: LineIndex;
}

export interface RunSummary {
  files: number;
  durationMs: number;
}
