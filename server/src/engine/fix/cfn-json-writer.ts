import { applyEdits, modify } from 'jsonc-parser';
import type { FormattingOptions, JSONPath } from 'jsonc-parser';
import type { TreeNode } from '../model/tree';
import { entryOf, valueOf } from '../model/tree';
import type { FixValue } from './fix-value';
import { isIntrinsic } from './fix-value';
import type { FixIntent } from './intents';
import { pathFromResource } from './intents';

/** Long-form intrinsics, as CloudFormation JSON writes them. */
function toJson(value: FixValue): unknown {
  if (isIntrinsic(value)) {
    switch (value.$intrinsic) {
      case 'Ref':
        return { Ref: value.name };
      case 'GetAtt':
        return { 'Fn::GetAtt': [value.resource, value.attribute] };
      case 'Sub':
        return { 'Fn::Sub': value.template };
    }
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
  return value;
}

/** The file's own indentation and line ends, so inserted JSON looks like its neighbours. */
function formattingOf(text: string): FormattingOptions {
  const indented = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indented.startsWith('\t'),
    tabSize: indented.startsWith('\t') ? 1 : indented.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    insertFinalNewline: false,
  };
}

/**
 * CloudFormation JSON writer: one intent → the new text, through jsonc-parser's `modify` (which
 * handles commas and indentation). The path is first checked against the located tree, so a fix
 * never writes into an intrinsic function.
 */
export function writeJsonIntent(text: string, tree: TreeNode, intent: FixIntent): string | undefined {
  const formattingOptions = formattingOf(text);
  if (intent.kind === 'insertResource') {
    const resources = valueOf(tree, 'Resources');
    if (!resources || resources.kind !== 'map' || !entryOf(resources, intent.afterId) || entryOf(resources, intent.id)) return undefined;
    const edits = modify(text, ['Resources', intent.id], { Type: intent.type, Properties: toJson(intent.properties) }, {
      formattingOptions,
      getInsertionIndex: (properties) => properties.indexOf(intent.afterId) + 1,
    });
    return applyEdits(text, edits);
  }
  const resource = valueOf(valueOf(tree, 'Resources'), intent.resourceId);
  if (!resource || resource.kind !== 'map') return undefined;
  const path: JSONPath = ['Resources', intent.resourceId, ...pathFromResource(intent)];
  // Walk what exists; stop where the path leaves the tree.
  let node: TreeNode | undefined = resource;
  let depth = 2; // below Resources.<id>
  for (; depth < path.length && node; depth++) {
    const segment = path[depth];
    if (typeof segment === 'string') {
      if (node.kind !== 'map') return undefined;
      node = valueOf(node, segment);
    } else {
      if (node.kind !== 'seq') return undefined;
      if (segment >= node.items.length) {
        // A missing item is appended, whatever its index.
        const edits = modify(text, [...path.slice(0, depth), node.items.length], nestedFrom(path, depth + 1, intent), { formattingOptions, isArrayInsertion: true });
        return applyEdits(text, edits);
      }
      node = node.items[segment];
    }
  }
  if (intent.kind === 'append') {
    if (node && node.kind !== 'seq') return undefined;
    const edits = node
      ? modify(text, [...path, node.items.length], toJson(intent.value), { formattingOptions, isArrayInsertion: true })
      : modify(text, path, [toJson(intent.value)], { formattingOptions });
    return applyEdits(text, edits);
  }
  if (node && (node.kind === 'map' || node.kind === 'seq')) return undefined;
  return applyEdits(text, modify(text, path, toJson(intent.value), { formattingOptions }));
}

/** The value for the path segments from `from` on, as JSON. */
function nestedFrom(path: JSONPath, from: number, intent: Extract<FixIntent, { kind: 'set' | 'append' }>): unknown {
  let value: unknown = intent.kind === 'append' ? [toJson(intent.value)] : toJson(intent.value);
  for (let i = path.length - 1; i >= from; i--) {
    const segment = path[i];
    value = typeof segment === 'number' ? [value] : { [segment]: value };
  }
  return value;
}
