import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Document, Node as YamlNode, Tags } from 'yaml';
import type { ParseError } from '../parse-error';
import { keepLastOfEachKey } from '../parse-error';
import type { MapEntry, ScalarNode, TreeNode } from '../../model/tree';

/** Short-form tag → long-form intrinsic name. */
const SHORT_FORM_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!If': 'Fn::If',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/** Identity tags: the parser keeps the node and its `tag`; the converter below interprets it. */
const CFN_TAGS: Tags = Object.keys(SHORT_FORM_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, nodeClass: YAMLSeq, resolve: (seq: YAMLSeq) => seq },
  { tag, collection: 'map' as const, nodeClass: YAMLMap, resolve: (map: YAMLMap) => map },
]) as Tags;

/**
 * YAML aliases may multiply a document (the "billion laughs" attack). Aliases share the converted
 * node, so memory stays linear; this bounds how many nodes the aliases may add when walked.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** A resource whose text does not parse; the rest of the template is still read. */
export interface BrokenResource {
  id: string;
  text: string;
}

export interface ParsedTree {
  tree: TreeNode | undefined;
  errors: ParseError[];
  /** Resources left out of `tree` because their own text does not parse (incremental parsing, while typing). */
  brokenResources?: BrokenResource[];
}

/** Parses CloudFormation YAML into the located tree, with short-form intrinsics as intrinsic nodes. */
export function parseYamlTemplate(text: string): ParsedTree {
  // Duplicate keys are not a YAML error here: CloudFormation keeps the last (see keepLastOfEachKey).
  const doc = parseDocument(text, { customTags: CFN_TAGS, prettyErrors: false, uniqueKeys: false, strict: false });
  const errors: ParseError[] = doc.errors.map((error) => ({
    message: firstLine(error.message),
    range: pointAtToken(text, error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)),
  }));
  if (errors.length > 0 || !doc.contents) return { tree: undefined, errors };
  const converter = new YamlConverter(text, doc);
  const tree = converter.convert(doc.contents as YamlNode);
  if (converter.aliasExpansion > MAX_ALIAS_EXPANSION) {
    const alias = converter.firstAliasRange ?? { start: 0, end: 1 };
    return {
      tree: undefined,
      errors: [{ message: `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} nodes; refusing to read this document`, range: alias }],
    };
  }
  return { tree, errors: inTextOrder(converter.duplicateKeys) };
}

/**
 * yaml places some errors (a mis-indented key) on the indentation before the offending token;
 * point at the token itself, up to the end of its key or word.
 */
function pointAtToken(text: string, start: number, end: number): { start: number; end: number } {
  if (!/^[ \t]+$/.test(text.slice(start, end))) return { start, end };
  const indent = /^[ \t]*/.exec(text.slice(start))![0].length;
  const token = /^[^\s:#,{}[\]]+/.exec(text.slice(start + indent));
  if (!token) return { start, end };
  return { start: start + indent, end: start + indent + token[0].length };
}

/** Errors in the order they appear in the text (the converter finds inner ones first). */
export function inTextOrder(errors: ParseError[]): ParseError[] {
  return errors.sort((a, b) => a.range.start - b.range.start);
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].trim();
  // yaml appends " at line L, column C"; the reporter prints the position itself.
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

class YamlConverter {
  /** Nodes that aliases add beyond the document's own nodes. */
  aliasExpansion = 0;
  firstAliasRange: { start: number; end: number } | undefined;
  /** Keys written twice in one mapping; the tree keeps the last of each. */
  readonly duplicateKeys: ParseError[] = [];
  private readonly converted = new Map<YamlNode, { node: TreeNode; weight: number }>();

  constructor(
    private readonly text: string,
    private readonly doc: Document,
  ) {}

  convert(node: YamlNode): TreeNode {
    return this.visit(node).node;
  }

  private visit(node: YamlNode | null | undefined): { node: TreeNode; weight: number } {
    if (node == null) return { node: emptyScalar(0), weight: 1 };
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      const range = rangeOf(node);
      this.firstAliasRange ??= range;
      if (!target || this.aliasExpansion > MAX_ALIAS_EXPANSION) return { node: emptyScalar(range.start), weight: 1 };
      const resolved = this.visit(target);
      this.aliasExpansion += resolved.weight;
      return resolved;
    }
    const cached = this.converted.get(node);
    if (cached) return cached;
    const result = this.visitUncached(node);
    this.converted.set(node, result);
    return result;
  }

  private visitUncached(node: YamlNode): { node: TreeNode; weight: number } {
    const range = rangeOf(node);
    let converted: TreeNode;
    let weight = 1;
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? keyText(keyNode) : keyNode ? String(keyNode) : '';
        const keyRange = keyNode ? rangeOf(keyNode) : range;
        const value = pair.value == null ? { node: emptyScalar(keyRange.end), weight: 1 } : this.visit(pair.value as YamlNode);
        weight += value.weight;
        entries.push({ key, keyRange, value: value.node });
      }
      converted = { kind: 'map', range, entries: keepLastOfEachKey(entries, this.duplicateKeys), flow: Boolean(node.flow) };
      if (!node.tag) converted = longFormIntrinsic(converted) ?? converted;
    } else if (isSeq(node)) {
      const items: TreeNode[] = [];
      for (const item of node.items) {
        const value = this.visit(item as YamlNode);
        weight += value.weight;
        items.push(value.node);
      }
      converted = { kind: 'seq', range, items, flow: Boolean(node.flow) };
    } else if (isScalar(node)) {
      converted = scalarNode(node, range);
    } else {
      converted = emptyScalar(range.start);
    }
    const intrinsic = node.tag ? SHORT_FORM_TAGS[node.tag] : undefined;
    if (intrinsic) {
      const tagStart = this.text.lastIndexOf(node.tag!, range.start);
      const start = tagStart >= 0 && range.start - tagStart < 200 ? tagStart : range.start;
      converted = { kind: 'intrinsic', name: intrinsic, range: { start, end: range.end }, argument: converted, shortForm: true };
      weight += 1;
    }
    return { node: converted, weight };
  }
}

function rangeOf(node: YamlNode): { start: number; end: number } {
  const range = node.range;
  if (!range) return { start: 0, end: 0 };
  return { start: range[0], end: range[1] };
}

/**
 * A mapping key as written. YAML 1.2 reads a plain `Null:` key (an IAM condition operator) as null
 * and `Yes:`-style keys as other types; CloudFormation keys are always strings.
 */
function keyText(node: Scalar): string {
  if (typeof node.value === 'string') return node.value;
  return node.type === Scalar.PLAIN && typeof node.source === 'string' ? node.source : String(node.value);
}

function emptyScalar(offset: number): ScalarNode {
  return { kind: 'scalar', range: { start: offset, end: offset }, value: null, style: 'plain' };
}

function scalarNode(node: Scalar, range: { start: number; end: number }): ScalarNode {
  const value = node.value;
  // A plain number whose text differs from its value (`012345678901`, an account ID with a leading
  // zero; `1.10`) keeps its text: CloudFormation reads it as that string.
  if (typeof value === 'number' && typeof node.source === 'string' && node.source !== String(value)) {
    return { kind: 'scalar', range, value: node.source, style: 'plain' };
  }
  const scalar: ScalarNode['value'] =
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? value
      : typeof value === 'bigint'
        ? Number(value)
        : String(value);
  const style =
    node.type === Scalar.QUOTE_SINGLE
      ? 'single'
      : node.type === Scalar.QUOTE_DOUBLE
        ? 'double'
        : node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL
          ? 'block'
          : 'plain';
  return { kind: 'scalar', range, value: scalar, style };
}

/** `{"Ref": "x"}` / `{"Fn::GetAtt": [...]}` written as a one-key mapping. */
export function longFormIntrinsic(map: TreeNode): TreeNode | undefined {
  if (map.kind !== 'map' || map.entries.length !== 1) return undefined;
  const [entry] = map.entries;
  if (entry.key !== 'Ref' && !entry.key.startsWith('Fn::')) return undefined;
  // `Fn::ForEach::Name` declares a loop of keys beside its siblings; it is not a value (see resource-loops.ts).
  if (entry.key.startsWith('Fn::ForEach::')) return undefined;
  return { kind: 'intrinsic', name: entry.key, range: map.range, argument: entry.value, shortForm: false };
}
