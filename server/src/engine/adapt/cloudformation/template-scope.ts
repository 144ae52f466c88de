import type { Located, ResourceRef } from '../../model/located';
import type { SourceRange } from '../../model/range';
import type { TreeNode } from '../../model/tree';
import { nodeText, valueOf } from '../../model/tree';
import { ConditionLogic } from './condition-logic';

/** A string value evaluated as far as the template allows. */
export interface EvaluatedString {
  text: string;
  /** Some part can't be known statically (a parameter without default, `Fn::ImportValue`, …). */
  unknown: boolean;
  /** Pseudo parameters or resource references remain as `${…}` placeholders. */
  placeholders: boolean;
  refs: ResourceRef[];
  via: string[];
}

const UNKNOWN = '${?}';

/**
 * A dynamic reference (`{{resolve:ssm:…}}`, `{{resolve:ssm-secure:…}}`, `{{resolve:secretsmanager:…}}`)
 * is replaced by the referenced value at deploy time, so it is never known statically
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html).
 */
const DYNAMIC_REFERENCE = /\{\{resolve:(?:[^}$]|\$\{[^}]*\}|\$(?!\{))*\}\}/g;

export function hasDynamicReference(text: string): boolean {
  return text.includes('{{resolve:');
}

/** Parameter types whose `Default` is not the value itself (it names an SSM parameter). */
function defaultIsLiteralValue(type: string | undefined): boolean {
  return !type || !type.startsWith('AWS::SSM::Parameter');
}

/**
 * What a template knows about names: its parameters (with literal defaults) and resource types.
 * Evaluates intrinsic functions to strings where that is possible without deploying.
 */
/** What the template declares about one parameter. */
interface TemplateParameter {
  type: string | undefined;
  /** The literal `Default`, when it is the value itself. */
  fallback: string | undefined;
  /** `AllowedValues`, when it lists literals. */
  allowedValues: string[] | undefined;
}

export class TemplateScope {
  private readonly parameters = new Map<string, TemplateParameter>();
  readonly resourceTypes = new Map<string, string>();
  private readonly mappings: TreeNode | undefined;
  private readonly conditionLogic: ConditionLogic;
  /** Parameters whose default this scope must not use (see `forBranches`). */
  private parametersOffDefault: ReadonlySet<string> = new Set();

  constructor(
    readonly text: string,
    root: TreeNode,
  ) {
    const parameters = valueOf(root, 'Parameters');
    if (parameters?.kind === 'map') {
      for (const entry of parameters.entries) {
        const type = valueOf(entry.value, 'Type');
        const typeName = type?.kind === 'scalar' ? String(type.value) : undefined;
        const fallback = valueOf(entry.value, 'Default');
        const literal =
          fallback?.kind === 'scalar' && fallback.value !== null && defaultIsLiteralValue(typeName)
            ? String(fallback.value)
            : undefined;
        const allowed = valueOf(entry.value, 'AllowedValues');
        const allowedValues =
          allowed?.kind === 'seq' && allowed.items.every((item) => item.kind === 'scalar' && item.value !== null)
            ? allowed.items.map((item) => String((item as { value: unknown }).value))
            : undefined;
        this.parameters.set(entry.key, { type: typeName, fallback: literal, allowedValues });
      }
    }
    const resources = valueOf(root, 'Resources');
    if (resources?.kind === 'map') {
      for (const entry of resources.entries) {
        const type = valueOf(entry.value, 'Type');
        if (type?.kind === 'scalar' && typeof type.value === 'string') this.resourceTypes.set(entry.key, type.value);
      }
    }
    this.mappings = valueOf(root, 'Mappings');
    this.conditionLogic = new ConditionLogic(root, {
      evaluate: (node) => this.evaluate(node),
      isParameter: (name) => this.parameters.has(name),
      allowedValues: (name) => this.parameters.get(name)?.allowedValues,
      defaultOf: (name) => this.parameters.get(name)?.fallback,
    });
  }

  /** False when no deployment can give these conditions these values (`C` and `!Not C` both true). */
  isPossible(assignment: Record<string, boolean>): boolean {
    return this.conditionLogic.isPossible(assignment);
  }

  /**
   * The scope of a resource variant that takes these `Fn::If` branches. Where a branch is one the
   * parameter defaults rule out, some parameters its condition reads are not at their defaults in
   * that variant (ConditionLogic.parametersOffDefault), so they resolve to nothing there
   * ("via default of …" would be a contradiction).
   */
  forBranches(assignment: Record<string, boolean>): TemplateScope {
    const off = this.conditionLogic.parametersOffDefault(assignment);
    if (off.size === 0) return this;
    // Shares everything with this scope but the parameters it may not take defaults of.
    const variant = Object.create(this) as TemplateScope;
    variant.parametersOffDefault = off;
    return variant;
  }

  /** A parameter's literal default, unless this scope's branches rule the default out. */
  private defaultOf(name: string): string | undefined {
    return this.parametersOffDefault.has(name) ? undefined : this.parameters.get(name)?.fallback;
  }

  /** Resources and parameters share one namespace of logical IDs. */
  nameInUse(name: string): boolean {
    return this.resourceTypes.has(name) || this.parameters.has(name);
  }

  /** Evaluates a node to a string pattern. */
  evaluate(node: TreeNode): EvaluatedString {
    const out: EvaluatedString = { text: '', unknown: false, placeholders: false, refs: [], via: [] };
    this.append(node, out);
    return out;
  }

  private append(node: TreeNode, out: EvaluatedString): void {
    if (node.kind === 'scalar') {
      this.appendLiteral(node.value === null ? '' : String(node.value), out);
      return;
    }
    if (node.kind !== 'intrinsic') {
      this.appendUnknown(out);
      return;
    }
    const argument = node.argument;
    switch (node.name) {
      case 'Ref':
        if (argument.kind === 'scalar' && typeof argument.value === 'string') this.appendName(argument.value, out);
        else this.appendUnknown(out);
        return;
      case 'Fn::GetAtt': {
        const [resource, attribute] = getAttParts(argument);
        if (resource && attribute && this.resourceTypes.has(resource)) {
          out.text += '${' + resource + '.' + attribute + '}';
          out.placeholders = true;
          out.refs.push({ id: resource, attribute });
        } else this.appendUnknown(out);
        return;
      }
      case 'Fn::Sub':
        this.appendSub(argument, out);
        return;
      case 'Fn::Join': {
        if (argument.kind !== 'seq' || argument.items.length !== 2) return this.appendUnknown(out);
        const [delimiter, list] = argument.items;
        if (delimiter.kind !== 'scalar' || list.kind !== 'seq') return this.appendUnknown(out);
        list.items.forEach((item, index) => {
          if (index > 0) out.text += String(delimiter.value ?? '');
          this.append(item, out);
        });
        return;
      }
      case 'Fn::FindInMap':
        this.appendMapped(argument, out);
        return;
      default:
        this.appendUnknown(out);
    }
  }

  /** `Fn::FindInMap [Map, TopKey, SecondKey]` whose keys are known (literals, parameter defaults). */
  private appendMapped(argument: TreeNode, out: EvaluatedString): void {
    if (argument.kind !== 'seq' || argument.items.length !== 3) return this.appendUnknown(out);
    const keys = argument.items.map((item) => this.evaluate(item));
    if (keys.some((key) => key.placeholders)) return this.appendUnknown(out);
    const value = valueOf(valueOf(valueOf(this.mappings, keys[0].text), keys[1].text), keys[2].text);
    if (value?.kind !== 'scalar') return this.appendUnknown(out);
    for (const key of keys) out.via.push(...key.via);
    out.via.push(`Mappings ${keys.map((key) => key.text).join('.')}`);
    this.append(value, out);
  }

  /** Literal text, with each dynamic reference in it unknown. */
  private appendLiteral(text: string, out: EvaluatedString): void {
    this.aroundDynamicReferences(text, out, (segment) => {
      out.text += segment;
    });
  }

  /** Hands the text between dynamic references to `appendText`; each reference itself is unknown. */
  private aroundDynamicReferences(text: string, out: EvaluatedString, appendText: (segment: string) => void): void {
    if (!hasDynamicReference(text)) return appendText(text);
    let last = 0;
    for (const match of text.matchAll(DYNAMIC_REFERENCE)) {
      appendText(text.slice(last, match.index));
      this.appendUnknown(out);
      last = match.index! + match[0].length;
    }
    appendText(text.slice(last));
  }

  private appendUnknown(out: EvaluatedString): void {
    out.text += UNKNOWN;
    out.unknown = true;
    out.placeholders = true;
  }

  /** `Ref`/`${Name}` semantics: parameter default, resource reference or pseudo parameter. */
  private appendName(name: string, out: EvaluatedString): void {
    if (this.parameters.has(name)) {
      const fallback = this.defaultOf(name);
      if (fallback === undefined) return this.appendUnknown(out);
      this.appendLiteral(fallback, out);
      out.via.push(`default of ${name}`);
      return;
    }
    if (this.resourceTypes.has(name)) {
      out.text += '${' + name + '}';
      out.placeholders = true;
      out.refs.push({ id: name, attribute: 'Ref' });
      return;
    }
    if (name.startsWith('AWS::') && name !== 'AWS::NoValue') {
      out.text += '${' + name + '}';
      out.placeholders = true;
      return;
    }
    this.appendUnknown(out);
  }

  private appendSub(argument: TreeNode, out: EvaluatedString): void {
    let body: TreeNode | undefined = argument;
    let variables: TreeNode | undefined;
    if (argument.kind === 'seq') {
      [body, variables] = argument.items;
    }
    if (!body || body.kind !== 'scalar' || typeof body.value !== 'string') return this.appendUnknown(out);
    // A dynamic reference may itself hold `${…}` variables; the whole reference is unknown.
    this.aroundDynamicReferences(body.value, out, (segment) => this.appendSubText(segment, variables, out));
  }

  /** `Fn::Sub` text without dynamic references: literal text and `${…}` variables. */
  private appendSubText(source: string, variables: TreeNode | undefined, out: EvaluatedString): void {
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
      out.text += source.slice(last, match.index);
      last = match.index + match[0].length;
      const name = match[1].trim();
      if (name.startsWith('!')) {
        out.text += '${' + name.slice(1) + '}';
        continue;
      }
      const variable = variables ? valueOf(variables, name) : undefined;
      if (variable) this.append(variable, out);
      else if (name.includes('.') && !name.startsWith('AWS::')) {
        const dot = name.indexOf('.');
        const resource = name.slice(0, dot);
        if (this.resourceTypes.has(resource)) {
          out.text += '${' + name + '}';
          out.placeholders = true;
          out.refs.push({ id: resource, attribute: name.slice(dot + 1) });
        } else this.appendUnknown(out);
      } else this.appendName(name, out);
    }
    out.text += source.slice(last);
  }

  /** Locates a string-valued property; `undefined` node means "not written". */
  locateString(node: TreeNode | undefined, nativePath: string, anchor: SourceRange, fallback?: string): Located<string> {
    if (!node) return { value: fallback, origin: 'default', range: anchor, nativePath };
    if (node.kind === 'scalar' && !(typeof node.value === 'string' && hasDynamicReference(node.value))) {
      return { value: node.value === null ? '' : String(node.value), origin: 'explicit', range: node.range, nativePath };
    }
    if (node.kind !== 'intrinsic' && node.kind !== 'scalar') {
      return { value: undefined, origin: 'unresolved', range: node.range, nativePath, expr: nodeText(this.text, node) };
    }
    const evaluated = this.evaluate(node);
    const via = evaluated.via.length > 0 ? evaluated.via.join(', ') : undefined;
    if (!evaluated.placeholders) {
      return { value: evaluated.text, origin: 'explicit', range: node.range, nativePath, via, template: evaluated.text };
    }
    const single = evaluated.refs.length === 1 && /^\$\{[^}]+\}$/.test(evaluated.text) ? evaluated.refs[0] : undefined;
    return {
      value: undefined,
      origin: 'unresolved',
      range: node.range,
      nativePath,
      expr: nodeText(this.text, node),
      ref: single,
      via,
      template: evaluated.unknown ? undefined : evaluated.text,
    };
  }

  /**
   * Locates a list given as one `!Ref` to a parameter with a literal default: a list parameter
   * (`CommaDelimitedList`, `List<…>`) is split at commas as CloudFormation splits it, any other
   * parameter is a one-item list. Undefined for anything else (the list is then unresolved).
   */
  locateParameterList(node: TreeNode, nativePath: string): Located<string>[] | undefined {
    if (node.kind !== 'intrinsic' || node.name !== 'Ref' || node.argument.kind !== 'scalar') return undefined;
    const name = String(node.argument.value);
    const fallback = this.defaultOf(name);
    if (fallback === undefined || hasDynamicReference(fallback)) return undefined;
    const type = this.parameters.get(name)?.type ?? 'String';
    const items = type === 'CommaDelimitedList' || type.startsWith('List<') ? fallback.split(',').map((item) => item.trim()) : [fallback];
    return items.map((value, index) => ({ value, origin: 'explicit', range: node.range, nativePath: `${nativePath}[${index}]`, via: `default of ${name}` }));
  }

  /** Locates a boolean property (`true`, `"true"`, `false`, `"false"`). */
  locateBoolean(node: TreeNode | undefined, nativePath: string, anchor: SourceRange, fallback: boolean): Located<boolean> {
    const located = this.locateString(node, nativePath, anchor);
    if (located.origin === 'default') return { ...located, value: fallback };
    if (located.origin === 'unresolved') return { ...located, value: undefined };
    const text = (located.value ?? '').toLowerCase();
    if (text === 'true' || text === 'false') return { ...located, value: text === 'true' };
    return { ...located, value: undefined, origin: 'unresolved', expr: located.value };
  }

  /** Locates an integer property. */
  locateNumber(node: TreeNode | undefined, nativePath: string, anchor: SourceRange, fallback: number): Located<number> {
    const located = this.locateString(node, nativePath, anchor);
    if (located.origin === 'default') return { ...located, value: fallback };
    if (located.origin === 'unresolved') return { ...located, value: undefined };
    const parsed = Number(located.value);
    if (located.value !== '' && Number.isFinite(parsed)) return { ...located, value: parsed };
    return { ...located, value: undefined, origin: 'unresolved', expr: located.value };
  }
}

function getAttParts(argument: TreeNode): [string | undefined, string | undefined] {
  if (argument.kind === 'scalar' && typeof argument.value === 'string') {
    const dot = argument.value.indexOf('.');
    return dot === -1 ? [argument.value, undefined] : [argument.value.slice(0, dot), argument.value.slice(dot + 1)];
  }
  if (argument.kind === 'seq' && argument.items.length === 2) {
    const [resource, attribute] = argument.items;
    const name = resource.kind === 'scalar' ? String(resource.value) : undefined;
    const attr = attribute.kind === 'scalar' ? String(attribute.value) : undefined;
    return [name, attr];
  }
  return [undefined, undefined];
}
