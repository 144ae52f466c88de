import type { MapEntry, MapNode, TreeNode } from '../../model/tree';
import type { ParseError } from '../parse-error';
import type { BrokenResource, ParsedTree } from './yaml-template';
import { parseYamlTemplate } from './yaml-template';

export interface IncrementalParse extends ParsedTree {
  brokenResources: BrokenResource[];
}

interface Piece {
  key: string;
  start: number;
  end: number;
}

interface CachedPiece {
  start: number;
  tree: TreeNode | undefined;
  errors: ParseError[];
}

/** Column-0 key that opens a section: `Resources:` (block) or `Description: text` (inline). */
const TOP_KEY = /^([A-Za-z_][\w.-]*)[ \t]*:(?=[ \t]|$)/;
const RESOURCE_KEY = /^([A-Za-z0-9_][\w.-]*)[ \t]*:(?=[ \t]|$)/;

/**
 * Re-parses a CloudFormation YAML template one top-level section and one resource at a time,
 * reusing what did not change since the last call. No YAML parser re-reads 5,000 lines inside an
 * editor's keystroke budget (ARCHITECTURE.md, speed facts); re-parsing only the resource being
 * edited does. Anything this splitter is unsure of (anchors, flow-style sections, directives,
 * duplicate keys) goes to the full parser instead, so the tree is always the full parser's tree.
 */
export class IncrementalYamlParser {
  private cache = new Map<string, CachedPiece>();

  parse(text: string): IncrementalParse {
    const split = splitTemplate(text);
    if (!split) return this.full(text);
    const nextCache = new Map<string, CachedPiece>();
    const root: MapNode = { kind: 'map', range: { start: 0, end: 0 }, entries: [], flow: false };
    const errors: ParseError[] = [];
    const brokenResources: BrokenResource[] = [];

    const read = (piece: Piece): MapEntry | 'broken' | 'unsure' => {
      const source = text.slice(piece.start, piece.end);
      let cached = this.cache.get(source) ?? nextCache.get(source);
      if (!cached) {
        const parsed = parseYamlTemplate(source);
        cached = { start: 0, tree: parsed.tree, errors: parsed.errors };
      }
      nextCache.set(source, cached);
      const delta = piece.start - cached.start;
      const pieceErrors = cached.errors.map((error) => ({
        ...error,
        range: shiftRange(error.range, delta),
        ...(error.duplicate ? { duplicate: { ...error.duplicate, first: shiftRange(error.duplicate.first, delta) } } : {}),
      }));
      errors.push(...pieceErrors);
      // A piece with errors but a tree has only duplicate keys, read as the full parser reads them.
      if (!cached.tree) return 'broken';
      const tree = cached.tree;
      if (tree.kind !== 'map' || tree.entries.length !== 1 || tree.entries[0].key !== piece.key) return 'unsure';
      const shifted = shift(tree, piece.start - cached.start);
      if (shifted !== tree) nextCache.set(source, { start: piece.start, tree: shifted, errors: pieceErrors });
      return (shifted as MapNode).entries[0];
    };

    for (const section of split.sections) {
      if (section !== split.resources?.section) {
        const entry = read(section);
        if (entry === 'unsure') return this.full(text);
        if (entry !== 'broken') root.entries.push(entry);
        continue;
      }
      const resources: MapNode = { kind: 'map', range: { start: 0, end: 0 }, entries: [], flow: false };
      for (const chunk of split.resources.chunks) {
        const entry = read(chunk);
        if (entry === 'unsure') return this.full(text);
        if (entry === 'broken') brokenResources.push({ id: chunk.key, text: text.slice(chunk.start, chunk.end) });
        else resources.entries.push(entry);
      }
      const first = resources.entries[0];
      const last = resources.entries[resources.entries.length - 1];
      resources.range = first ? { start: first.keyRange.start, end: last.value.range.end } : { start: section.end, end: section.end };
      root.entries.push({ key: 'Resources', keyRange: split.resources.keyRange, value: resources });
    }
    if (root.entries.length > 0) {
      root.range = { start: root.entries[0].keyRange.start, end: root.entries[root.entries.length - 1].value.range.end };
    }
    this.cache = nextCache;
    return { tree: errors.length > 0 && root.entries.length === 0 ? undefined : root, errors, brokenResources };
  }

  private full(text: string): IncrementalParse {
    this.cache.clear();
    return { ...parseYamlTemplate(text), brokenResources: [] };
  }
}

interface SplitTemplate {
  sections: Piece[];
  resources: { section: Piece; keyRange: { start: number; end: number }; chunks: Piece[] } | undefined;
}

/** Splits at column-0 keys, and `Resources` at its children's keys; undefined when unsure. */
function splitTemplate(text: string): SplitTemplate | undefined {
  // Anchors, aliases and directives tie distant parts of a document together.
  if (/(^|[\s[{,])[&*][^\s,\]}]/.test(text.replace(/'[^'\n]*'|"[^"\n]*"/g, '')) || /^(%|---|\.\.\.)/m.test(text)) return undefined;
  const sections: Piece[] = [];
  let offset = 0;
  while (offset < text.length) {
    const lineEnd = endOfLine(text, offset);
    const line = text.slice(offset, lineEnd);
    const first = line[0];
    if (first !== undefined && first !== ' ' && first !== '\t' && first !== '#' && first !== '\r' && first !== '\n') {
      const match = TOP_KEY.exec(line);
      if (!match) return undefined;
      if (sections.length > 0) sections[sections.length - 1].end = offset;
      if (sections.some((section) => section.key === match[1])) return undefined;
      sections.push({ key: match[1], start: offset, end: text.length });
    } else if (first === '\t') return undefined;
    offset = nextLine(text, lineEnd);
  }
  const section = sections.find((candidate) => candidate.key === 'Resources');
  if (!section) return { sections, resources: undefined };
  const headerEnd = endOfLine(text, section.start);
  const header = text.slice(section.start, headerEnd);
  if (!/^Resources[ \t]*:[ \t]*(#.*)?$/.test(header)) return undefined;
  const chunks: Piece[] = [];
  let indent = -1;
  for (offset = nextLine(text, headerEnd); offset < section.end; ) {
    const lineEnd = endOfLine(text, offset);
    const line = text.slice(offset, lineEnd);
    const content = line.trimStart();
    if (content !== '' && !content.startsWith('#')) {
      const width = line.length - content.length;
      if (line.slice(0, width).includes('\t')) return undefined;
      if (indent === -1) indent = width;
      if (width < indent) return undefined;
      if (width === indent) {
        const match = RESOURCE_KEY.exec(content);
        if (!match) return undefined;
        if (chunks.length > 0) chunks[chunks.length - 1].end = offset;
        if (chunks.some((chunk) => chunk.key === match[1])) return undefined;
        chunks.push({ key: match[1], start: offset, end: section.end });
      }
    }
    offset = nextLine(text, lineEnd);
  }
  return { sections, resources: { section, keyRange: { start: section.start, end: section.start + 'Resources'.length }, chunks } };
}

function endOfLine(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

function nextLine(text: string, lineEnd: number): number {
  if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return lineEnd + 2;
  return lineEnd + 1;
}

function shiftRange(range: { start: number; end: number }, delta: number) {
  return { start: range.start + delta, end: range.end + delta };
}

/** A copy of the tree with every range moved by `delta` (the same tree when `delta` is 0). */
function shift(node: TreeNode, delta: number): TreeNode {
  if (delta === 0) return node;
  switch (node.kind) {
    case 'map':
      return {
        ...node,
        range: shiftRange(node.range, delta),
        entries: node.entries.map((entry) => ({ key: entry.key, keyRange: shiftRange(entry.keyRange, delta), value: shift(entry.value, delta) })),
      };
    case 'seq':
      return { ...node, range: shiftRange(node.range, delta), items: node.items.map((item) => shift(item, delta)) };
    case 'intrinsic':
      return { ...node, range: shiftRange(node.range, delta), argument: shift(node.argument, delta) };
    default:
      return { ...node, range: shiftRange(node.range, delta) };
  }
}
