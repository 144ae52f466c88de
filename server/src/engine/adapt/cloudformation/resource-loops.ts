import type { MapEntry, TreeNode } from '../../model/tree';
import { valueOf } from '../../model/tree';

/**
 * `Fn::ForEach` loops of the `AWS::LanguageExtensions` transform in the `Resources` section,
 * expanded as CloudFormation expands them: one copy of the fragment per collection value, with
 * every `${Identifier}` and `&{Identifier}` (the value without its non-alphanumeric characters)
 * in keys and strings, and every `Ref: Identifier`, replaced by the value
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html).
 *
 * Expanded nodes keep the ranges of the loop's fragment, so a finding on `Bucket${Id}` lands on
 * the fragment's line for each bucket the loop makes. A loop whose collection can't be known (a
 * parameter without default, an expression) makes no resources: they are never guessed.
 */
const LOOP_PREFIX = 'Fn::ForEach::';

/** Bounds the resources loops may produce (CloudFormation allows 500 per template). */
const MAX_EXPANDED_RESOURCES = 2_000;

export function expandResourceLoops(root: TreeNode): TreeNode {
  if (root.kind !== 'map') return root;
  const resources = valueOf(root, 'Resources');
  if (resources?.kind !== 'map' || !resources.entries.some((entry) => entry.key.startsWith(LOOP_PREFIX))) return root;
  const budget = { left: MAX_EXPANDED_RESOURCES };
  const expanded = { ...resources, entries: expandEntries(resources.entries, listDefaults(root), budget) };
  return { ...root, entries: root.entries.map((entry) => (entry.value === resources ? { ...entry, value: expanded } : entry)) };
}

function expandEntries(entries: MapEntry[], lists: Map<string, string[]>, budget: { left: number }): MapEntry[] {
  return entries.flatMap((entry) => {
    if (!entry.key.startsWith(LOOP_PREFIX)) return [entry];
    const loop = entry.value;
    if (loop.kind !== 'seq' || loop.items.length !== 3) return [];
    const [identifier, collection, fragment] = loop.items;
    if (identifier.kind !== 'scalar' || typeof identifier.value !== 'string' || fragment.kind !== 'map') return [];
    const values = collectionValues(collection, lists);
    if (!values) return [];
    const produced: MapEntry[] = [];
    for (const value of values) {
      if (budget.left <= 0) break;
      const copies = fragment.entries.map((item) => ({
        key: substituteText(item.key, identifier.value as string, value),
        keyRange: item.keyRange,
        value: substitute(item.value, identifier.value as string, value),
      }));
      // A fragment may hold loops of its own (nested Fn::ForEach).
      const expanded = expandEntries(copies, lists, budget);
      budget.left -= expanded.length;
      produced.push(...expanded);
    }
    return produced;
  });
}

/** A literal list, or a `Ref` to a `CommaDelimitedList` parameter with a literal default. */
function collectionValues(collection: TreeNode, lists: Map<string, string[]>): string[] | undefined {
  if (collection.kind === 'seq') {
    const values = collection.items.map((item) => (item.kind === 'scalar' && item.value !== null ? String(item.value) : undefined));
    return values.every((value) => value !== undefined) ? (values as string[]) : undefined;
  }
  if (collection.kind === 'intrinsic' && collection.name === 'Ref' && collection.argument.kind === 'scalar') {
    return lists.get(String(collection.argument.value));
  }
  return undefined;
}

/** Literal defaults of the `CommaDelimitedList` parameters, split as CloudFormation splits them. */
function listDefaults(root: TreeNode): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  const parameters = valueOf(root, 'Parameters');
  for (const entry of parameters?.kind === 'map' ? parameters.entries : []) {
    const type = valueOf(entry.value, 'Type');
    const fallback = valueOf(entry.value, 'Default');
    if (type?.kind !== 'scalar' || type.value !== 'CommaDelimitedList' || fallback?.kind !== 'scalar' || fallback.value === null) continue;
    lists.set(entry.key, String(fallback.value).split(',').map((item) => item.trim()));
  }
  return lists;
}

function substituteText(text: string, identifier: string, value: string): string {
  return text.split(`\${${identifier}}`).join(value).split(`&{${identifier}}`).join(value.replace(/[^A-Za-z0-9]/g, ''));
}

function substitute(node: TreeNode, identifier: string, value: string): TreeNode {
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'string' ? { ...node, value: substituteText(node.value, identifier, value) } : node;
    case 'intrinsic':
      if (node.name === 'Ref' && node.argument.kind === 'scalar' && node.argument.value === identifier) {
        return { kind: 'scalar', range: node.range, value, style: 'plain' };
      }
      return { ...node, argument: substitute(node.argument, identifier, value) };
    case 'seq':
      return { ...node, items: node.items.map((item) => substitute(item, identifier, value)) };
    case 'map':
      return {
        ...node,
        entries: node.entries.map((entry) => ({ key: substituteText(entry.key, identifier, value), keyRange: entry.keyRange, value: substitute(entry.value, identifier, value) })),
      };
  }
}
