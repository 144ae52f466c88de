import type { AwsModel } from '../model/aws';
import type { Located } from '../model/located';
import type { ResourceNode } from '../model/resource';
import type { ResolvedConfig } from '../config/config';
import type { Finding, RuleReport } from './rule';
import { formatMessage } from './rule';
import { describeBranchSet } from './branch-label';

interface RawReport {
  report: RuleReport;
  ruleIndex: number;
}

/**
 * Runs every enabled rule over the model. A resource with `Fn::If` is adapted once per branch
 * combination; the same finding from several variants is reported once, and a finding that only
 * some variants have names the branch ("in the Fn::If branch where UseKms is false").
 */
export function runRules(model: AwsModel, config: ResolvedConfig): Finding[] {
  const raw: RawReport[] = [];
  config.registry.rules.forEach((rule, ruleIndex) => {
    const settings = config.rules.get(rule.meta.id);
    if (!settings?.enabled) return;
    rule.check({
      model,
      options: settings.options,
      report(report) {
        if (!(report.messageId in rule.meta.messages)) throw new Error(`rule ${rule.meta.id} reported unknown message ${report.messageId}`);
        raw.push({ report, ruleIndex });
      },
    });
  });

  const groups = new Map<string, RawReport[]>();
  for (const item of raw) {
    const range = rangeOf(item.report.at);
    const key = `${item.ruleIndex}|${item.report.messageId}|${range.start}|${range.end}|${item.report.resource.id}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }

  // Every variant of each resource, so a finding's branches are named against all of them.
  const variantsById = new Map<string, ResourceNode[]>();
  for (const { resource } of [...model.buckets, ...model.keys]) variantsById.set(resource.id, [...(variantsById.get(resource.id) ?? []), resource]);

  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const { report, ruleIndex } = group[0];
    const rule = config.registry.rules[ruleIndex];
    const settings = config.rules.get(rule.meta.id)!;
    const message = rule.meta.messages[report.messageId];
    let text = formatMessage(message.text, report.data, rule.meta.id);
    const via = 'via' in report.at ? (report.at as Located<unknown>).via : undefined;
    if (via) text += ` (via ${via})`;
    const branch = branchLabel(group.map((item) => item.report.resource), variantsById);
    if (branch) text += ` (in the Fn::If branch where ${branch})`;
    findings.push({
      ruleId: rule.meta.id,
      ruleName: rule.meta.name,
      messageId: report.messageId,
      severity: settings.severity ?? message.severity ?? (rule.meta.severity === 'off' ? 'warning' : rule.meta.severity),
      message: text,
      range: rangeOf(report.at),
      resource: { id: report.resource.id, type: report.resource.nativeType },
      fixes: report.fixes ?? [],
    });
  }
  return findings;
}

function rangeOf(at: RuleReport['at']) {
  return 'anchor' in at ? at.anchor : at.range;
}

/**
 * Which branch choices a finding depends on, among all the variants of its resource: empty when
 * every variant reported it ("A is true and B is false", or "A is true, or B is true").
 */
function branchLabel(variants: ResourceNode[], allVariants: ReadonlyMap<string, ResourceNode[]>): string {
  const all = allVariants.get(variants[0].id) ?? variants;
  return describeBranchSet(variants.map((variant) => variant.conditions), all.map((variant) => variant.conditions)) ?? '';
}
