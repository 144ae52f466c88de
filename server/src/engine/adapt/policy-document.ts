import type { Located } from '../model/located';
import type { PolicyCondition, PolicyDocument, PolicyStatement, PrincipalEntry } from '../model/policy';
import type { SourceRange } from '../model/range';
import type { MapEntry, TreeNode } from '../model/tree';
import { entryOf, nodeText } from '../model/tree';
import { parseJsonTemplate } from '../parse/cloudformation/json-template';

/** What the policy reader needs from a format: turning a node into a located string. */
export interface StringLocator {
  readonly text: string;
  locateString(node: TreeNode | undefined, nativePath: string, anchor: SourceRange): Located<string>;
}

/**
 * Reads an IAM policy document from a YAML/JSON object or a JSON string. A JSON string's
 * statements all carry the string's range (offsets inside an escaped string do not map back).
 */
export function readPolicyDocument(
  node: TreeNode | undefined,
  nativePath: string,
  anchor: SourceRange,
  locator: StringLocator,
  keyRange?: SourceRange,
): PolicyDocument {
  if (!node) return { origin: 'default', range: anchor, nativePath, statements: [], statementsResolved: true };
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    const parsed = parseJsonTemplate(node.value);
    if (!parsed.tree) return unresolved(node, nativePath, locator, 'policy string is not valid JSON');
    return readPolicyDocument(withRange(parsed.tree, node.range), nativePath, anchor, locator, node.range);
  }
  if (node.kind === 'intrinsic' && node.name === 'Fn::Join') {
    const asSub = joinAsSub(node);
    if (!asSub) return unresolved(node, nativePath, locator);
    return readPolicyDocument(asSub, nativePath, anchor, locator, keyRange);
  }
  if (node.kind === 'intrinsic' && node.name === 'Fn::Sub') {
    const document = subPolicyTree(node);
    if (!document) return unresolved(node, nativePath, locator);
    return readPolicyDocument(withRange(document, node.range), nativePath, anchor, locator, node.range);
  }
  if (node.kind !== 'map') return unresolved(node, nativePath, locator);
  const statementNode = entryOf(node, 'Statement')?.value;
  const document: PolicyDocument = {
    origin: 'explicit',
    // A multi-line mapping starts on the line after its key: report on the key (`KeyPolicy:`).
    range: keyRange ?? node.range,
    nativePath,
    statements: [],
    statementsResolved: true,
  };
  const statementNodes = statementNode?.kind === 'seq' ? statementNode.items : statementNode ? [statementNode] : [];
  statementNodes.forEach((statement, index) => {
    if (statement.kind !== 'map') {
      document.statementsResolved = false;
      return;
    }
    document.statements.push(readStatement(statement, `${nativePath}.Statement[${index}]`, locator));
  });
  if (statementNode && statementNode.kind !== 'seq' && statementNode.kind !== 'map') document.statementsResolved = false;
  return document;
}

function unresolved(node: TreeNode, nativePath: string, locator: StringLocator, reason?: string): PolicyDocument {
  return {
    origin: 'unresolved',
    range: node.range,
    nativePath,
    statements: [],
    statementsResolved: false,
    expr: reason ?? nodeText(locator.text, node),
  };
}

function readStatement(node: TreeNode & { kind: 'map' }, path: string, locator: StringLocator): PolicyStatement {
  const anchor = node.range;
  const sid = entryOf(node, 'Sid')?.value;
  const statement: PolicyStatement = {
    range: node.range,
    sid: sid?.kind === 'scalar' ? String(sid.value) : undefined,
    effect: locator.locateString(entryOf(node, 'Effect')?.value, `${path}.Effect`, anchor),
    principals: undefined,
    notPrincipal: undefined,
    principalsResolved: true,
    actions: [],
    notAction: false,
    actionsResolved: true,
    resources: [],
    resourcesResolved: true,
    conditions: [],
    conditionsResolved: true,
  };

  const principal = entryOf(node, 'Principal');
  if (principal) {
    statement.principals = [];
    const value = principal.value;
    if (value.kind === 'scalar') {
      statement.principals.push({ kind: '*', value: locator.locateString(value, `${path}.Principal`, anchor) });
    } else if (value.kind === 'map') {
      for (const entry of value.entries) {
        const items = listItems(entry.value);
        if (!items) statement.principalsResolved = false;
        for (const item of items ?? []) {
          const located = locator.locateString(item, `${path}.Principal.${entry.key}`, anchor);
          if (located.origin === 'unresolved' && !located.template) statement.principalsResolved = false;
          statement.principals.push({ kind: entry.key, value: located } satisfies PrincipalEntry);
        }
      }
    } else statement.principalsResolved = false;
  }
  const notPrincipal = entryOf(node, 'NotPrincipal');
  if (notPrincipal) {
    statement.notPrincipal = { value: undefined, origin: 'explicit', range: notPrincipal.keyRange, nativePath: `${path}.NotPrincipal` };
  }

  const action = entryOf(node, 'Action') ?? entryOf(node, 'NotAction');
  if (action) {
    statement.notAction = action.key === 'NotAction';
    const items = listItems(action.value);
    if (!items) statement.actionsResolved = false;
    for (const item of items ?? []) {
      const located = locator.locateString(item, `${path}.${action.key}`, anchor);
      if (located.origin === 'unresolved') statement.actionsResolved = false;
      statement.actions.push(located);
    }
  }

  const resource = entryOf(node, 'Resource');
  if (resource) {
    const items = listItems(resource.value);
    if (!items) statement.resourcesResolved = false;
    for (const item of items ?? []) statement.resources.push(locator.locateString(item, `${path}.Resource`, anchor));
  } else if (entryOf(node, 'NotResource')) {
    statement.resourcesResolved = false;
  }

  const condition = entryOf(node, 'Condition')?.value;
  if (condition) {
    if (condition.kind !== 'map') statement.conditionsResolved = false;
    else {
      for (const operator of condition.entries) {
        if (operator.value.kind !== 'map') {
          statement.conditionsResolved = false;
          continue;
        }
        for (const keyEntry of operator.value.entries) {
          const items = listItems(keyEntry.value);
          if (!items) statement.conditionsResolved = false;
          const values = (items ?? []).map((item) => locator.locateString(item, `${path}.Condition.${operator.key}.${keyEntry.key}`, anchor));
          statement.conditions.push({ operator: operator.key, key: keyEntry.key.toLowerCase(), values } satisfies PolicyCondition);
        }
      }
    }
  }
  return statement;
}

/** A scalar or intrinsic as a one-item list, a sequence as its items; `undefined` for anything else. */
function listItems(node: TreeNode): TreeNode[] | undefined {
  if (node.kind === 'seq') return node.items;
  if (node.kind === 'scalar' || node.kind === 'intrinsic') return [node];
  return undefined;
}

/**
 * A policy written as a JSON string inside `Fn::Sub` (`KeyPolicy: !Sub '{"Statement": …}'`): the
 * JSON is parsed, and each string in it that holds a `${…}` becomes its own `Fn::Sub` (with the
 * same variables), so it resolves as CloudFormation would substitute it. Placeholders outside
 * strings (`"Principal": ${Who}`) leave the JSON unparseable: the policy stays unresolved.
 */
function subPolicyTree(node: TreeNode & { kind: 'intrinsic' }): TreeNode | undefined {
  const [body, variables] = node.argument.kind === 'seq' ? node.argument.items : [node.argument];
  if (body?.kind !== 'scalar' || typeof body.value !== 'string') return undefined;
  const parsed = parseJsonTemplate(body.value);
  if (!parsed.tree || parsed.errors.length > 0) return undefined;
  const substitute = (current: TreeNode): TreeNode => {
    switch (current.kind) {
      case 'map':
        return { ...current, entries: current.entries.map((entry) => ({ ...entry, value: substitute(entry.value) })) };
      case 'seq':
        return { ...current, items: current.items.map(substitute) };
      case 'scalar':
        if (typeof current.value !== 'string' || !current.value.includes('${')) return current;
        return { kind: 'intrinsic', name: 'Fn::Sub', range: current.range, shortForm: false, argument: variables ? { kind: 'seq', range: current.range, items: [current, variables], flow: true } : current };
      default:
        return current;
    }
  };
  return substitute(parsed.tree);
}

/**
 * A JSON policy assembled with `Fn::Join` (an older idiom: `!Join ['', ['{"Statement": [', …]]`)
 * read as the equivalent `Fn::Sub`: literal pieces are the body (a `${` in them escaped as `${!`),
 * every other piece becomes a variable.
 */
function joinAsSub(node: TreeNode & { kind: 'intrinsic' }): TreeNode | undefined {
  const argument = node.argument;
  if (argument.kind !== 'seq' || argument.items.length !== 2) return undefined;
  const [delimiter, list] = argument.items;
  if (delimiter.kind !== 'scalar' || list.kind !== 'seq') return undefined;
  const variables: MapEntry[] = [];
  const body = list.items
    .map((piece) => {
      if (piece.kind === 'scalar') return String(piece.value ?? '').split('${').join('${!');
      const name = `JoinPiece${variables.length}`;
      variables.push({ key: name, keyRange: piece.range, value: piece });
      return `\${${name}}`;
    })
    .join(String(delimiter.value ?? ''));
  const bodyNode: TreeNode = { kind: 'scalar', range: node.range, value: body, style: 'double' };
  const variableMap: TreeNode = { kind: 'map', range: node.range, entries: variables, flow: true };
  return { kind: 'intrinsic', name: 'Fn::Sub', range: node.range, shortForm: false, argument: { kind: 'seq', range: node.range, items: [bodyNode, variableMap], flow: true } };
}

/** Gives every node of a tree the same range (used for policies embedded as JSON strings). */
function withRange(node: TreeNode, range: SourceRange): TreeNode {
  switch (node.kind) {
    case 'map':
      return { ...node, range, entries: node.entries.map((e) => ({ ...e, keyRange: range, value: withRange(e.value, range) })) };
    case 'seq':
      return { ...node, range, items: node.items.map((item) => withRange(item, range)) };
    case 'intrinsic':
      return { ...node, range, argument: withRange(node.argument, range) };
    default:
      return { ...node, range };
  }
}
