import type { LineIndex, SourceRange } from '../model/range';
import type { TreeNode } from '../model/tree';
import { valueOf } from '../model/tree';
import type { RuleRegistry } from '../rules/registry';
import { SUPPRESSION_RULES } from '../rules/registry';
import type { Finding } from '../rules/rule';

/** One suppression: a comment directive or a resource `Metadata` entry. */
export interface Suppression {
  /** Rule IDs as written (IDs or names); empty means every rule. */
  rules: string[];
  reason: string | undefined;
  /** Where the suppression is written (reported when it has no reason or matches nothing). */
  range: SourceRange;
  /** 0-based line whose findings it silences, for comment directives. */
  line?: number;
  /** Logical ID whose findings it silences, for resource metadata. */
  resourceId?: string;
  used: boolean;
}

/** What "Disable … for this line/resource" writes as the reason; until replaced it counts as no reason. */
export const REASON_PLACEHOLDER = '<reason>';

const DIRECTIVE = /(^|\s)(#|\/\/)\s*encryption-lint-disable-(next-line|line)\b([^\r\n]*)$/;

/**
 * Comment directives: `# encryption-lint-disable-next-line S3-004 -- reason` silences the next
 * line, `…-disable-line …` its own line. Rule IDs or names, comma- or space-separated.
 */
export function commentSuppressions(text: string, lines: LineIndex, commentMarkers: ReadonlyArray<'#' | '//'>): Suppression[] {
  const found: Suppression[] = [];
  if (!text.includes('encryption-lint-disable')) return found;
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (!content.includes('encryption-lint-disable')) continue;
    const match = DIRECTIVE.exec(content);
    if (!match || !commentMarkers.includes(match[2] as '#' | '//')) continue;
    const markerIndex = match.index + match[1].length;
    if (insideQuotes(content, markerIndex)) continue;
    const start = lines.lineStart(line) + markerIndex;
    const { rules, reason } = splitDirective(match[4]);
    found.push({
      rules,
      reason,
      range: { start, end: lines.lineEnd(line) },
      line: match[3] === 'next-line' ? line + 1 : line,
      used: false,
    });
  }
  return found;
}

/**
 * Is this column inside a quoted string on its line? A quote opens a string only where a scalar
 * starts (line start, after `: `, `- `, `[`, `{`, `,`), so the apostrophe of `it's` does not;
 * `'it''s'` and `"say \\"hi\\""` escapes are honoured. A directive inside a string is text, not a comment.
 */
export function insideQuotes(line: string, column: number): boolean {
  let quote: '"' | "'" | undefined;
  let previous = '';
  for (let i = 0; i < column; i++) {
    const ch = line[i];
    if (quote === undefined) {
      if ((ch === '"' || ch === "'") && (previous === '' || ':-[{,'.includes(previous))) quote = ch;
      if (ch !== ' ' && ch !== '\t') previous = ch;
    } else if (quote === '"' && ch === '\\') i++;
    else if (ch === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else {
        quote = undefined;
        previous = ch;
      }
    }
  }
  return quote !== undefined;
}

function splitDirective(body: string): { rules: string[]; reason: string | undefined } {
  const separator = body.indexOf('--');
  const ids = separator === -1 ? body : body.slice(0, separator);
  const written = separator === -1 ? undefined : body.slice(separator + 2).trim();
  const reason = written && written !== REASON_PLACEHOLDER ? written : undefined;
  return { rules: ids.split(/[\s,]+/).filter(Boolean), reason };
}

/**
 * CloudFormation resource metadata, the only form JSON templates can hold:
 * `Metadata: {encryption-lint: {ignore: [{id: S3-004, reason: "…"}]}}` (a bare ID string works too).
 */
export function metadataSuppressions(root: TreeNode): Suppression[] {
  const found: Suppression[] = [];
  const resources = valueOf(root, 'Resources');
  for (const resource of resources?.kind === 'map' ? resources.entries : []) {
    const ignore = valueOf(valueOf(valueOf(resource.value, 'Metadata'), 'encryption-lint'), 'ignore');
    for (const item of ignore?.kind === 'seq' ? ignore.items : []) {
      const id = item.kind === 'scalar' ? item : valueOf(item, 'id');
      const reason = valueOf(item, 'reason');
      if (id?.kind !== 'scalar') continue;
      found.push({
        rules: [String(id.value)],
        reason: reason?.kind === 'scalar' && ![undefined, '', REASON_PLACEHOLDER].includes(String(reason.value ?? '').trim()) ? String(reason.value) : undefined,
        range: item.range,
        resourceId: resource.key,
        used: false,
      });
    }
  }
  return found;
}

/**
 * Drops suppressed findings and adds the engine's own info findings for suppressions without a
 * reason and suppressions that silenced nothing.
 */
export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  lines: LineIndex,
  registry: RuleRegistry,
  enabled: (id: string) => boolean,
): Finding[] {
  if (suppressions.length === 0) return findings;
  const canonical = suppressions.map((suppression) => suppression.rules.map((rule) => registry.canonicalId(rule) ?? rule));
  const kept = findings.filter((finding) => {
    const line = lines.lineOf(finding.range.start);
    let suppressed = false;
    suppressions.forEach((suppression, index) => {
      const matchesRule = canonical[index].length === 0 || canonical[index].includes(finding.ruleId);
      const matchesPlace =
        suppression.line !== undefined ? suppression.line === line : suppression.resourceId === finding.resource?.id;
      if (matchesRule && matchesPlace) {
        suppression.used = true;
        suppressed = true;
      }
    });
    return !suppressed;
  });
  suppressions.forEach((suppression, index) => {
    // A suppression of rules that are turned off is not "unused": it matters again when they are on.
    const rulesOff = canonical[index].length > 0 && canonical[index].every((id) => registry.find(id) !== undefined && !enabled(id));
    const what = suppression.rules.length > 0 ? suppression.rules.join(', ') : 'all rules';
    if (!suppression.reason && enabled(SUPPRESSION_RULES.withoutReason.id)) {
      kept.push(engineFinding(
        SUPPRESSION_RULES.withoutReason,
        `This suppression of ${what} gives no reason. Add one after "--" (for example "-- logs bucket, SSE-KMS not supported") so reviewers know why the finding is accepted.`,
        suppression.range,
      ));
    }
    if (!suppression.used && !rulesOff && enabled(SUPPRESSION_RULES.unused.id)) {
      kept.push(engineFinding(
        SUPPRESSION_RULES.unused,
        `This suppression of ${what} matches no finding. Remove it, or fix its rule ID or placement, so it cannot hide a future problem.`,
        suppression.range,
      ));
    }
  });
  return kept;
}

function engineFinding(rule: { id: string; name: string }, message: string, range: SourceRange): Finding {
  return { ruleId: rule.id, ruleName: rule.name, messageId: rule.id, severity: 'info', message, range, fixes: [] };
}
