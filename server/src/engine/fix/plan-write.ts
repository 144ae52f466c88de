import type { IntrinsicNode, MapNode, ScalarNode, SeqNode, TreeNode } from '../model/tree';
import { entryOf, valueOf } from '../model/tree';
import type { FixValue } from './fix-value';
import { nestValue } from './fix-value';
import type { FixIntent } from './intents';
import { pathFromResource } from './intents';

/**
 * What writing a `set` or `append` intent comes down to, found by walking its path through the
 * located tree — the same walk for every format, so writers only render text:
 * - `fill`: an empty value (`Key:` with nothing, JSON `null`) gets `value`;
 * - `insert`: a missing key is added to a mapping;
 * - `appendItem`: an item is added to a sequence;
 * - `replace`: a scalar is replaced.
 * Undefined when the path runs through an intrinsic function or a value of the wrong kind.
 */
export type WriteStep =
  | { kind: 'fill'; node: ScalarNode; value: FixValue }
  | { kind: 'insert'; map: MapNode; key: string; value: FixValue }
  | { kind: 'appendItem'; seq: SeqNode; value: FixValue }
  | { kind: 'replace'; node: ScalarNode | IntrinsicNode; value: FixValue };

const isEmpty = (node: TreeNode): boolean => node.kind === 'scalar' && node.value === null;

export function planWrite(tree: TreeNode, intent: Extract<FixIntent, { kind: 'set' | 'append' }>): WriteStep | undefined {
  let node: TreeNode | undefined = valueOf(valueOf(tree, 'Resources'), intent.resourceId);
  if (!node || node.kind !== 'map') return undefined;
  const path = pathFromResource(intent);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const rest = path.slice(i + 1);
    const missing = intent.kind === 'append' ? nestValue(rest, [intent.value]) : nestValue(rest, intent.value);
    if (isEmpty(node)) return { kind: 'fill', node: node as ScalarNode, value: nestValue([segment], missing) };
    if (typeof segment === 'string') {
      if (node.kind !== 'map') return undefined;
      const entry = entryOf(node, segment);
      if (!entry) return { kind: 'insert', map: node, key: segment, value: missing };
      node = entry.value;
    } else {
      if (node.kind !== 'seq') return undefined;
      if (segment >= node.items.length) return { kind: 'appendItem', seq: node, value: missing };
      node = node.items[segment];
    }
  }
  if (isEmpty(node)) return { kind: 'fill', node: node as ScalarNode, value: intent.kind === 'append' ? [intent.value] : intent.value };
  if (intent.kind === 'append') return node.kind === 'seq' ? { kind: 'appendItem', seq: node, value: intent.value } : undefined;
  if (node.kind === 'scalar') return { kind: 'replace', node, value: intent.value };
  // Other intrinsics (`Fn::If`, a parameter's `Ref`) are never rewritten; an expression the rule read completely may be.
  if (node.kind === 'intrinsic' && ['Ref', 'Fn::GetAtt', 'Fn::Sub'].includes(node.name) && intent.kind === 'set' && intent.replacesExpression) {
    return { kind: 'replace', node, value: intent.value };
  }
  return undefined;
}
