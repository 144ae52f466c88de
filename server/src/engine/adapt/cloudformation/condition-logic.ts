import type { TreeNode } from '../../model/tree';
import { valueOf } from '../../model/tree';
import type { EvaluatedString } from './template-scope';

/** What the condition logic needs to know about the template's parameters. */
export interface ParameterFacts {
  /** Evaluates a node with every parameter at its literal default. */
  evaluate(node: TreeNode): EvaluatedString;
  isParameter(name: string): boolean;
  /** A parameter's `AllowedValues`, when it lists literals. */
  allowedValues(name: string): string[] | undefined;
  /** A parameter's literal default. */
  defaultOf(name: string): string | undefined;
}

/** A parameter value equal to none of the literals a template compares it with. */
const ANY_OTHER_VALUE = '\u0000other';
/** Parameter valuations tried before a combination is assumed possible. */
const MAX_VALUATIONS = 4096;

type Valuation = ReadonlyMap<string, string>;

/**
 * Reasons about the template's `Conditions`. Resources are adapted once per true/false
 * combination of the conditions they use; this tells which combinations some deployment can
 * take (`IsProd` and `!Not IsProd` are never both true), and, for a combination the parameter
 * defaults rule out, which parameters cannot be at their defaults there (the false side of
 * `!Equals [!Ref KeySpec, SYMMETRIC_DEFAULT]` when `KeySpec` defaults to SYMMETRIC_DEFAULT).
 */
export class ConditionLogic {
  private readonly conditions: TreeNode | undefined;
  /** Per parameter, the literals some `Fn::Equals` compares its `Ref` with. */
  private readonly comparedWith = new Map<string, Set<string>>();

  constructor(
    root: TreeNode,
    private readonly parameters: ParameterFacts,
  ) {
    this.conditions = valueOf(root, 'Conditions');
    if (this.conditions?.kind === 'map') for (const entry of this.conditions.entries) this.collectComparisons(entry.value);
  }

  /**
   * The parameters that are not at their defaults in a variant taking these branches. Where a
   * branch contradicts the defaults, the parameters its condition reads keep their defaults one
   * by one, in order, as long as the branch stays possible; the rest are off their defaults.
   * That is one real deployment of the branch (`!And [IsSymmetric, RotationRequested]` false with
   * `KeySpec` at its default and `EnableRotation` not), and the one that keeps the most known.
   */
  parametersOffDefault(assignment: Record<string, boolean>): Set<string> {
    const off = new Set<string>();
    for (const [name, taken] of Object.entries(assignment)) {
      const underDefaults = this.conditionValue(name, new Set(), undefined);
      if (underDefaults === undefined || underDefaults === taken) continue;
      const parameters = [...this.parametersOf(name, new Set())];
      const kept = new Map<string, string>();
      for (const parameter of parameters) {
        const fallback = this.parameters.defaultOf(parameter);
        if (fallback === undefined) continue;
        const trial = new Map(kept).set(parameter, fallback);
        if (this.canTake({ [name]: taken }, parameters, trial)) kept.set(parameter, fallback);
      }
      for (const parameter of parameters) if (!kept.has(parameter)) off.add(parameter);
    }
    return off;
  }

  /**
   * True unless no deployment can give these conditions these values. Each parameter the
   * conditions read is tried with every literal it is compared with and one other value (or only
   * its AllowedValues); a condition that can't be evaluated may take either value.
   */
  isPossible(assignment: Record<string, boolean>): boolean {
    const names = Object.keys(assignment);
    if (names.length < 2) return true;
    const parameters = [...new Set(names.flatMap((name) => [...this.parametersOf(name, new Set())]))];
    return this.canTake(assignment, parameters, new Map());
  }

  /** Can the conditions take these values with the `fixed` parameter values and any values of the others? */
  private canTake(assignment: Record<string, boolean>, parameters: string[], fixed: ReadonlyMap<string, string>): boolean {
    const names = Object.keys(assignment);
    const free = parameters.filter((parameter) => !fixed.has(parameter));
    const choices = free.map((parameter) => this.candidateValues(parameter));
    if (choices.reduce((count, values) => count * values.length, 1) > MAX_VALUATIONS) return true;
    const valuation = new Map(fixed);
    const search = (index: number): boolean => {
      if (index === free.length) {
        return names.every((name) => {
          const value = this.conditionValue(name, new Set(), valuation);
          return value === undefined || value === assignment[name];
        });
      }
      for (const value of choices[index]) {
        valuation.set(free[index], value);
        if (search(index + 1)) return true;
      }
      return false;
    };
    return search(0);
  }

  private candidateValues(parameter: string): string[] {
    const allowed = this.parameters.allowedValues(parameter);
    if (allowed && allowed.length > 0) return allowed;
    return [...(this.comparedWith.get(parameter) ?? []), ANY_OTHER_VALUE];
  }

  private collectComparisons(node: TreeNode): void {
    if (node.kind === 'map') node.entries.forEach((entry) => this.collectComparisons(entry.value));
    else if (node.kind === 'seq') node.items.forEach((item) => this.collectComparisons(item));
    else if (node.kind === 'intrinsic') {
      if (node.name === 'Fn::Equals' && node.argument.kind === 'seq' && node.argument.items.length === 2) {
        const [left, right] = node.argument.items;
        for (const [reference, other] of [[left, right], [right, left]]) {
          const parameter = this.referencedParameter(reference);
          if (parameter !== undefined && other.kind === 'scalar' && other.value !== null) {
            const set = this.comparedWith.get(parameter) ?? new Set<string>();
            set.add(String(other.value));
            this.comparedWith.set(parameter, set);
          }
        }
      }
      this.collectComparisons(node.argument);
    }
  }

  private referencedParameter(node: TreeNode): string | undefined {
    if (node.kind !== 'intrinsic' || node.name !== 'Ref' || node.argument.kind !== 'scalar') return undefined;
    const name = String(node.argument.value);
    return this.parameters.isParameter(name) ? name : undefined;
  }

  /**
   * A named condition's value: under the defaults when `valuation` is undefined, else under
   * those parameter values. Undefined when a pseudo parameter, an unknown value, … decides.
   */
  private conditionValue(name: string, visiting: Set<string>, valuation: Valuation | undefined): boolean | undefined {
    const node = valueOf(this.conditions, name);
    if (!node || visiting.has(name)) return undefined;
    visiting.add(name);
    const value = this.evaluateCondition(node, visiting, valuation);
    visiting.delete(name);
    return value;
  }

  private evaluateCondition(node: TreeNode, visiting: Set<string>, valuation: Valuation | undefined): boolean | undefined {
    const named = conditionReference(node);
    if (named !== undefined) return this.conditionValue(named, visiting, valuation);
    if (node.kind !== 'intrinsic' || node.argument.kind !== 'seq') return undefined;
    const items = node.argument.items;
    switch (node.name) {
      case 'Fn::Equals': {
        if (items.length !== 2) return undefined;
        const [left, right] = items.map((item) => this.operand(item, valuation));
        return left === undefined || right === undefined ? undefined : left === right;
      }
      case 'Fn::Not': {
        const inner = items.length === 1 ? this.evaluateCondition(items[0], visiting, valuation) : undefined;
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const decisive = node.name === 'Fn::Or';
        let unknown = false;
        for (const item of items) {
          const value = this.evaluateCondition(item, visiting, valuation);
          if (value === decisive) return decisive;
          if (value === undefined) unknown = true;
        }
        return unknown ? undefined : !decisive;
      }
      default:
        return undefined;
    }
  }

  /** An `Fn::Equals` operand as text, or undefined when it can't be known. */
  private operand(node: TreeNode, valuation: Valuation | undefined): string | undefined {
    if (valuation) {
      const parameter = this.referencedParameter(node);
      if (parameter !== undefined) return valuation.get(parameter);
      // Parameters read any other way (inside `Fn::Sub`, …) are not tried: unknown.
      if (this.parametersIn(node).size > 0) return undefined;
    }
    const evaluated = this.parameters.evaluate(node);
    return evaluated.placeholders ? undefined : evaluated.text;
  }

  /** Parameters a condition reads, through `Ref`, `${Name}` in `Fn::Sub` and nested conditions. */
  private parametersOf(name: string, visiting: Set<string>): Set<string> {
    const node = valueOf(this.conditions, name);
    if (!node || visiting.has(name)) return new Set();
    visiting.add(name);
    return this.parametersIn(node, visiting);
  }

  private parametersIn(node: TreeNode, visiting = new Set<string>()): Set<string> {
    const found = new Set<string>();
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
        const parameter = this.referencedParameter(current);
        if (parameter !== undefined) found.add(parameter);
        if (current.name === 'Fn::Sub') {
          const body = argument.kind === 'seq' ? argument.items[0] : argument;
          if (body?.kind === 'scalar') {
            for (const match of String(body.value).matchAll(/\$\{([^}!.]+)\}/g)) {
              if (this.parameters.isParameter(match[1].trim())) found.add(match[1].trim());
            }
          }
        }
        walk(argument);
      }
    };
    walk(node);
    return found;
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
