import type { TreeNode } from '../../model/tree';

/**
 * `Fn::If` is judged on both branches. A resource whose properties use conditions C1..Cn is
 * adapted once per assignment of true/false to them (one name always takes the same branch), so
 * the variants stay consistent. Conditions beyond this many stay unresolved (never reported).
 */
export const MAX_CONDITIONS_PER_RESOURCE = 4;

const REMOVED = Symbol('removed');

/** What a property tree holds that the adapter must resolve before reading it. */
export interface ConditionalValues {
  /** Condition names used by `Fn::If`, in order of appearance. */
  conditions: string[];
  /** True when some value is `!Ref AWS::NoValue` (the property is then removed). */
  hasNoValue: boolean;
}

/** Finds `Fn::If` conditions and `AWS::NoValue` references anywhere under a node. */
export function scanConditionalValues(node: TreeNode | undefined, found: ConditionalValues = { conditions: [], hasNoValue: false }): ConditionalValues {
  if (!node) return found;
  switch (node.kind) {
    case 'map':
      for (const entry of node.entries) scanConditionalValues(entry.value, found);
      break;
    case 'seq':
      for (const item of node.items) scanConditionalValues(item, found);
      break;
    case 'intrinsic':
      if (node.name === 'Fn::If' && node.argument.kind === 'seq') {
        const [name] = node.argument.items;
        if (name?.kind === 'scalar' && typeof name.value === 'string' && !found.conditions.includes(name.value)) found.conditions.push(name.value);
      } else if (node.name === 'Ref' && node.argument.kind === 'scalar' && node.argument.value === 'AWS::NoValue') {
        found.hasNoValue = true;
      }
      scanConditionalValues(node.argument, found);
      break;
    default:
  }
  return found;
}

/** Every true/false assignment of the given condition names (one empty assignment for none). */
export function assignments(names: string[]): Record<string, boolean>[] {
  const chosen = names.slice(0, MAX_CONDITIONS_PER_RESOURCE);
  const result: Record<string, boolean>[] = [];
  for (let mask = 0; mask < 1 << chosen.length; mask++) {
    const assignment: Record<string, boolean> = {};
    chosen.forEach((name, bit) => (assignment[name] = (mask & (1 << bit)) === 0));
    result.push(assignment);
  }
  return result;
}

/**
 * Replaces each `Fn::If` whose condition is assigned by the chosen branch and drops values that
 * are `!Ref AWS::NoValue`. Unchanged subtrees are shared, not copied.
 */
export function chooseBranches(node: TreeNode | undefined, assignment: Record<string, boolean>): TreeNode | undefined {
  const result = choose(node, assignment);
  return result === REMOVED ? undefined : result;
}

function choose(node: TreeNode | undefined, assignment: Record<string, boolean>): TreeNode | undefined | typeof REMOVED {
  if (!node) return node;
  switch (node.kind) {
    case 'scalar':
      return node;
    case 'map': {
      let changed = false;
      const entries = [];
      for (const entry of node.entries) {
        const value = choose(entry.value, assignment);
        if (value !== entry.value) changed = true;
        if (value === REMOVED || value === undefined) continue;
        entries.push(value === entry.value ? entry : { ...entry, value });
      }
      return changed ? { ...node, entries } : node;
    }
    case 'seq': {
      let changed = false;
      const items = [];
      for (const item of node.items) {
        const value = choose(item, assignment);
        if (value !== item) changed = true;
        if (value === REMOVED || value === undefined) continue;
        items.push(value);
      }
      return changed ? { ...node, items } : node;
    }
    case 'intrinsic': {
      if (node.name === 'Ref' && node.argument.kind === 'scalar' && node.argument.value === 'AWS::NoValue') return REMOVED;
      if (node.name === 'Fn::If' && node.argument.kind === 'seq' && node.argument.items.length === 3) {
        const [name, whenTrue, whenFalse] = node.argument.items;
        const condition = name.kind === 'scalar' ? String(name.value) : '';
        if (condition in assignment) return choose(assignment[condition] ? whenTrue : whenFalse, assignment);
      }
      const argument = choose(node.argument, assignment);
      if (argument === node.argument) return node;
      if (argument === REMOVED || argument === undefined) return REMOVED;
      return { ...node, argument };
    }
  }
}
