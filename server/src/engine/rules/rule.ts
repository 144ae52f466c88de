import type { AwsModel } from '../model/aws';
import type { Located } from '../model/located';
import type { SourceRange } from '../model/range';
import type { IacFormat, ResourceNode } from '../model/resource';
import type { FixPlan } from '../fix/intents';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** Orders severities: info < warning < error. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export interface RuleMessage {
  /** Says what is wrong, why it matters and what to do. `{{name}}` placeholders are filled from report data. */
  text: string;
  /** Overrides the rule's default severity for this message (e.g. S3-004 `explicitlyAllowed` is an error). */
  severity?: Severity;
  /** Overrides the rule's one-line `why` where it would not fit this message. */
  why?: string;
}

export interface RuleOption {
  type: 'boolean' | 'number';
  default: boolean | number;
  description: string;
}

export type FixSafety = 'safe' | 'unsafe';

export interface RuleMeta {
  /** Stable forever: `S3-003`. Used in annotations, suppressions, config and SARIF. */
  id: string;
  /** Kebab-case alias, equal to the rule's file name. */
  name: string;
  title: string;
  /** One line: why this matters. */
  why: string;
  /** Default severity; `off` rules run only when configured or enabled by a profile. */
  severity: SeveritySetting;
  /** Profiles that turn the rule on, with the severity they give it. */
  profiles?: Record<string, Severity>;
  messages: Record<string, RuleMessage>;
  options?: Record<string, RuleOption>;
  /** The rule's fix as RULES.md describes it (fixes are applied by a later release). */
  fix?: { title: string; safety: FixSafety };
  formats: readonly IacFormat[];
}

/** What a rule reports: a message id, where (a located value or a resource), and the data for the message. */
export interface RuleReport {
  messageId: string;
  /** A located value (its range, or its owner's anchor when defaulted), a resource (its anchor), or a located element such as a policy. */
  at: Located<unknown> | ResourceNode | { range: SourceRange };
  /** The resource the finding is about. */
  resource: ResourceNode;
  data?: Record<string, string | number>;
  /** Ways to fix it, best first (the engine drops those it can't write). */
  fixes?: FixPlan[];
}

export interface RuleContext {
  model: AwsModel;
  options: Readonly<Record<string, unknown>>;
  report(report: RuleReport): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** A finding: the engine's result, before any reporter or the LSP turns it into output. */
export interface Finding {
  ruleId: string;
  ruleName: string;
  messageId: string;
  severity: Severity;
  message: string;
  range: SourceRange;
  resource?: { id: string; type: string };
  /** Fix plans that can be written for this finding, best first. */
  fixes: FixPlan[];
}

const RULE_ID = /^(S3|KMS)-\d{3}$/;
const RULE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Declares a rule, checking its metadata when the module loads (a bad rule fails fast, not at lint time). */
export function defineRule(rule: Rule): Rule {
  const { meta } = rule;
  if (!RULE_ID.test(meta.id)) throw new Error(`rule id ${meta.id} must look like S3-001 or KMS-001`);
  if (!RULE_NAME.test(meta.name)) throw new Error(`rule ${meta.id}: name ${meta.name} must be kebab-case`);
  if (Object.keys(meta.messages).length === 0) throw new Error(`rule ${meta.id} has no messages`);
  for (const [name, option] of Object.entries(meta.options ?? {})) {
    if (typeof option.default !== option.type) throw new Error(`rule ${meta.id}: option ${name} default is not a ${option.type}`);
  }
  return rule;
}

/** Fills `{{name}}` placeholders. A placeholder without data is a bug in the rule, so it throws. */
export function formatMessage(template: string, data: Record<string, string | number> = {}, ruleId = ''): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in data)) throw new Error(`rule ${ruleId}: message placeholder {{${name}}} has no data`);
    return String(data[name]);
  });
}
