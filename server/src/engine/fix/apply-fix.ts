import type { TreeNode } from '../model/tree';
import { valueOf } from '../model/tree';
import { parseJsonTemplate } from '../parse/cloudformation/json-template';
import { parseYamlTemplate } from '../parse/cloudformation/yaml-template';
import { writeJsonIntent } from './cfn-json-writer';
import { writeYamlIntent } from './cfn-yaml-writer';
import type { FixIntent, FixPlan } from './intents';
import { planWrite } from './plan-write';
import type { TextEdit } from './text-edit';
import { minimalEdit } from './text-edit';

export type FixSyntax = 'yaml' | 'json';

function parse(syntax: FixSyntax, text: string) {
  return syntax === 'json' ? parseJsonTemplate(text) : parseYamlTemplate(text);
}

/**
 * The edit that applies a fix plan to a text: its intents are written one after the other (each
 * against the text the previous one produced, re-parsed), and the result is checked to parse.
 * Undefined when the plan can't be written or would leave a file that does not parse.
 */
export function editForFix(text: string, syntax: FixSyntax, plan: FixPlan): TextEdit | undefined {
  let current = text;
  for (const intent of plan.intents) {
    const parsed = parse(syntax, current);
    if (!parsed.tree) return undefined;
    const next = syntax === 'json' ? writeJsonIntent(current, parsed.tree, intent) : writeYamlIntent(current, parsed.tree, intent);
    if (next === undefined) return undefined;
    current = next;
  }
  if (parse(syntax, current).errors.length > 0) return undefined;
  return minimalEdit(text, current);
}

/**
 * A cheap check made at lint time: can each intent's path be written without going through an
 * intrinsic function (an `Fn::If` branch, a `!Ref` to a parameter, …)? Fixes that can't are not offered.
 */
export function isWritable(tree: TreeNode, plan: FixPlan): boolean {
  return plan.intents.every((intent) => intentWritable(tree, intent));
}

function intentWritable(tree: TreeNode, intent: FixIntent): boolean {
  if (intent.kind !== 'insertResource') return planWrite(tree, intent) !== undefined;
  const resources = valueOf(tree, 'Resources');
  return resources?.kind === 'map' && valueOf(resources, intent.afterId) !== undefined && valueOf(resources, intent.id) === undefined;
}
