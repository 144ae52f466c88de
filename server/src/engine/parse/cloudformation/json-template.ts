import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError as JsoncError } from 'jsonc-parser';
import type { MapEntry, TreeNode } from '../../model/tree';
import type { ParsedTree } from './yaml-template';
import { keepLastOfEachKey } from '../parse-error';
import { inTextOrder, longFormIntrinsic } from './yaml-template';

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: 'colon expected',
  CommaExpected: 'comma expected',
  CloseBraceExpected: 'closing brace } expected',
  CloseBracketExpected: 'closing bracket ] expected',
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'CloudFormation JSON does not allow comments',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/** Parses CloudFormation JSON (strict JSON: no comments, no trailing commas) into the located tree. */
export function parseJsonTemplate(text: string): ParsedTree {
  const raw: JsoncError[] = [];
  const root = parseTree(text, raw, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const errors = raw.map((error) => {
    const code = printParseErrorCode(error.error);
    return {
      message: `invalid JSON: ${ERROR_TEXT[code] ?? code}`,
      range: { start: error.offset, end: error.offset + Math.max(1, error.length) },
    };
  });
  if (errors.length > 0 || !root) return { tree: undefined, errors };
  const duplicateKeys: ParsedTree['errors'] = [];
  const tree = convert(root, duplicateKeys);
  return { tree, errors: inTextOrder(duplicateKeys) };
}

function convert(node: JsonNode, duplicateKeys: ParsedTree['errors']): TreeNode {
  const range = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object': {
      const entries: MapEntry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        const keyRange = { start: keyNode.offset, end: keyNode.offset + keyNode.length };
        entries.push({ key, keyRange, value: valueNode ? convert(valueNode, duplicateKeys) : { kind: 'scalar', range, value: null, style: 'plain' } });
      }
      const map: TreeNode = { kind: 'map', range, entries: keepLastOfEachKey(entries, duplicateKeys), flow: true };
      return longFormIntrinsic(map) ?? map;
    }
    case 'array':
      return { kind: 'seq', range, items: (node.children ?? []).map((child) => convert(child, duplicateKeys)), flow: true };
    case 'string':
      return { kind: 'scalar', range, value: node.value as string, style: 'double' };
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', range, value: node.value as number | boolean | null, style: 'plain' };
    default:
      return { kind: 'scalar', range, value: null, style: 'plain' };
  }
}
