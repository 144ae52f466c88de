import type { SourceRange } from './range';

/**
 * The located tree: what CloudFormation YAML and CloudFormation JSON both parse into, so that one
 * adapter serves both. Every node keeps its range; mapping entries keep their key's range too.
 * Intrinsic functions (`!Ref x` and `{"Ref": "x"}` alike) become `intrinsic` nodes named by their
 * long form (`Ref`, `Fn::GetAtt`, `Fn::Sub`, …).
 */
export type TreeNode = MapNode | SeqNode | ScalarNode | IntrinsicNode;

export interface MapEntry {
  key: string;
  keyRange: SourceRange;
  value: TreeNode;
}

export interface MapNode {
  kind: 'map';
  range: SourceRange;
  entries: MapEntry[];
  /** YAML flow style (`{a: 1}`) or JSON; writers use it to match the neighbours' style. */
  flow: boolean;
}

export interface SeqNode {
  kind: 'seq';
  range: SourceRange;
  items: TreeNode[];
  flow: boolean;
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode {
  kind: 'scalar';
  range: SourceRange;
  value: ScalarValue;
  /** How the scalar was written: plain, 'single', "double" or a block scalar. */
  style: 'plain' | 'single' | 'double' | 'block';
}

export interface IntrinsicNode {
  kind: 'intrinsic';
  /** Long-form name: `Ref`, `Condition`, or `Fn::…`. */
  name: string;
  /** Range of the whole expression, including a short-form tag. */
  range: SourceRange;
  argument: TreeNode;
  /** Written as a YAML short-form tag (`!Ref`) rather than a one-key mapping. */
  shortForm: boolean;
}

/** Looks up a mapping entry by key. */
export function entryOf(node: TreeNode | undefined, key: string): MapEntry | undefined {
  if (!node || node.kind !== 'map') return undefined;
  for (const entry of node.entries) if (entry.key === key) return entry;
  return undefined;
}

/** Looks up a mapping value by key. */
export function valueOf(node: TreeNode | undefined, key: string): TreeNode | undefined {
  return entryOf(node, key)?.value;
}

/** The source text of a node, for "unresolved: `!Ref KeyArn`" style messages. */
export function nodeText(text: string, node: TreeNode): string {
  const raw = text.slice(node.range.start, node.range.end).replace(/\s+/g, ' ').trim();
  return raw.length > 80 ? raw.slice(0, 77) + '...' : raw;
}
