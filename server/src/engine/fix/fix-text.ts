import type { ResolvedConfig } from '../config/config';
import type { LintResult } from '../lint';
import { lintText, syntaxOf } from '../lint';
import type { FixSafety } from '../rules/rule';
import { editForFix } from './apply-fix';
import { applyTextEdits } from './text-edit';

/** Fixing stops after this many passes even if a fix keeps producing new fixable findings. */
export const MAX_FIX_PASSES = 10;

export interface FixTextResult {
  text: string;
  /** How many fixes were applied. */
  applied: number;
  /** The lint of the final text. */
  result: LintResult;
}

/**
 * Applies fixes to a template until nothing changes (at most MAX_FIX_PASSES passes). `safe`
 * applies only safe fixes; `unsafe` applies the first fix of every finding. Each fix is written
 * against the text the previous one left and must parse, so the result always parses.
 */
export function fixText(path: string, text: string, config: ResolvedConfig, level: FixSafety, options: { suggestions?: boolean } = {}): FixTextResult {
  const syntax = syntaxOf(path, text);
  let current = text;
  let applied = 0;
  let result = lintText(path, current, config);
  for (let pass = 0; pass < MAX_FIX_PASSES && result.status === 'template' && result.errors.length === 0; pass++) {
    const before = applied;
    const done = new Set<string>();
    for (const finding of result.findings) {
      const candidates = options.suggestions ? finding.fixes : finding.fixes.filter((fix) => !fix.suggestion);
      const plan = level === 'safe' ? candidates.find((fix) => fix.safety === 'safe') : candidates[0];
      // One fix per resource in a pass: a second one (of any rule) would be planned on stale facts.
      const key = finding.resource?.id ?? finding.ruleId;
      if (!plan || done.has(key)) continue;
      const edit = editForFix(current, syntax, plan);
      if (!edit) continue;
      current = applyTextEdits(current, [edit]);
      done.add(key);
      applied++;
    }
    if (applied === before) break;
    result = lintText(path, current, config);
  }
  return { text: current, applied, result };
}
