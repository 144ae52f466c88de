import type { TreeNode } from '../../model/tree';
import { valueOf } from '../../model/tree';
import type { EvaluatedString } from './template-scope';

/**
 * What the template's `Conditions` evaluate to when every parameter takes its literal default,
 * and which parameters each condition reads. A variant that takes the branch the defaults rule
 * out (`!If [HasSymmetricKey, …]` on its false side while `KeySpec` defaults to
 * SYMMETRIC_DEFAULT) is a deployment where one of those parameters was given another value, so
 * their defaults must not be used there.
 */
export class ConditionDefaults {
  private readonly conditions: TreeNode | undefined;

  constructor(
    root: TreeNode,
    private readonly evaluate: (node: TreeNode) => EvaluatedString,
    private readonly isParameter: (name: string) => boolean,
  ) {
    this.conditions = valueOf(root, 'Conditions');
  }

  /**
   * The parameters that cannot all be at their defaults in a variant taking these branches:
   * those read by every condition whose value under the defaults is the other branch.
   */
  parametersOffDefault(assignment: Record<string, boolean>): Set<string> {
    const off = new Set<string>();
    for (const [name, taken] of Object.entries(assignment)) {
      const underDefaults = this.valueOf(name, new Set());
      if (underDefaults === undefined || underDefaults === taken) continue;
      for (const parameter of this.parametersOf(name, new Set())) off.add(parameter);
    }
    return off;
  }

  /** True, false, or undefined when a pseudo parameter, a parameter without default, … decides. */
  private valueOf(name: string, visiting: Set<string>): boolean | undefined {
    const node = valueOf(this.conditions, name);
    if (!node || visiting.has(name)) return undefined;
    visiting.add(name);
    const value = this.evaluateCondition(node, visiting);
    visiting.delete(name);
    return value;
  }

  private evaluateCondition(node: TreeNode, visiting: Set<string>): boolean | undefined {
    const named = conditionReference(node);
    if (named !== undefined) return this.valueOf(named, visiting);
    if (node.kind !== 'intrinsic' || node.argument.kind !== 'seq') return undefined;
    const items = node.argument.items;
    switch (node.name) {
      case 'Fn::Equals': {
        if (items.length !== 2) return undefined;
        const [left, right] = items.map((item) => this.evaluate(item));
        if (left.placeholders || right.placeholders) return undefined;
        return left.text === right.text;
      }
      case 'Fn::Not': {
        const inner = items.length === 1 ? this.evaluateCondition(items[0], visiting) : undefined;
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const decisive = node.name === 'Fn::Or';
        let unknown = false;
        for (const item of items) {
          const value = this.evaluateCondition(item, visiting);
          if (value === decisive) return decisive;
          if (value === undefined) unknown = true;
        }
        return unknown ? undefined : !decisive;
      }
      default:
        return undefined;
    }
  }

  /** Parameters a condition reads, through `Ref`, `${Name}` in `Fn::Sub` and nested conditions. */
  private parametersOf(name: string, visiting: Set<string>): Set<string> {
    const found = new Set<string>();
    const node = valueOf(this.conditions, name);
    if (!node || visiting.has(name)) return found;
    visiting.add(name);
    const walk = (current: TreeNode): void => {
      const named = conditionReference(current);
      if (named !== undefined) {
        for (const parameter of this.parametersOf(named, visiting)) found.add(parameter);
        return;
      }
      if (current.kind === 'map') current.entries.forEach((entry) => walk(entry.value));
      else if (current.kind === 'seq') current.items.forEach(walk);
      else if (current.kind === 'intrinsic') {
        const argument = current.argument;
        if (current.name === 'Ref' && argument.kind === 'scalar') this.addParameter(String(argument.value), found);
        if (current.name === 'Fn::Sub') {
          const body = argument.kind === 'seq' ? argument.items[0] : argument;
          if (body?.kind === 'scalar') for (const match of String(body.value).matchAll(/\$\{([^}!.]+)\}/g)) this.addParameter(match[1].trim(), found);
        }
        walk(argument);
      }
    };
    walk(node);
    return found;
  }

  private addParameter(name: string, found: Set<string>): void {
    if (this.isParameter(name)) found.add(name);
  }
}

/** `!Condition Name` or `{"Condition": "Name"}` inside a condition. */
function conditionReference(node: TreeNode): string | undefined {
  if (node.kind === 'intrinsic' && node.name === 'Condition' && node.argument.kind === 'scalar') return String(node.argument.value);
  if (node.kind === 'map' && node.entries.length === 1 && node.entries[0].key === 'Condition') {
    const value = node.entries[0].value;
    return value.kind === 'scalar' ? String(value.value) : undefined;
  }
  return undefined;
}
