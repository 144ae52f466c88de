import { LineIndex } from '../model/range';
import type { MapNode, SeqNode, TreeNode } from '../model/tree';
import { entryOf, valueOf } from '../model/tree';
import type { FixValue } from './fix-value';
import { isIntrinsic, isMapValue } from './fix-value';
import type { FixIntent } from './intents';
import { resourceDeclaration } from './intents';
import { planWrite } from './plan-write';

/** An intrinsic as CloudFormation JSON writes it, on one line: `{"Fn::GetAtt": ["Key", "Arn"]}`. */
function inlineJson(value: FixValue): string {
  if (isIntrinsic(value)) {
    switch (value.$intrinsic) {
      case 'Ref':
        return `{"Ref": ${JSON.stringify(value.name)}}`;
      case 'GetAtt':
        return `{"Fn::GetAtt": [${JSON.stringify(value.resource)}, ${JSON.stringify(value.attribute)}]}`;
      case 'Sub':
        return `{"Fn::Sub": ${JSON.stringify(value.template)}}`;
    }
  }
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (isMapValue(value)) return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${inlineJson(item)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/**
 * CloudFormation JSON writer: one intent → the new text, as the smallest insertion or replacement.
 * New JSON follows the file's indentation unit and line ends; intrinsics and short lists stay on
 * one line as CloudFormation JSON usually writes them; one-line objects get one-line insertions.
 * Nothing outside the edit is reformatted.
 */
export function writeJsonIntent(text: string, tree: TreeNode, intent: FixIntent): string | undefined {
  return new JsonWriter(text).write(tree, intent);
}

class JsonWriter {
  private readonly lines: LineIndex;
  private readonly eol: string;
  private readonly unit: string;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.unit = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  }

  write(tree: TreeNode, intent: FixIntent): string | undefined {
    const resources = valueOf(tree, 'Resources');
    if (!resources || resources.kind !== 'map') return undefined;
    if (intent.kind === 'insertResource') {
      const after = entryOf(resources, intent.afterId);
      if (!after || entryOf(resources, intent.id)) return undefined;
      return this.insertEntryAfter(resources, after.value.range.end, intent.id, resourceDeclaration(intent));
    }
    const step = planWrite(tree, intent);
    if (!step) return undefined;
    switch (step.kind) {
      case 'fill':
      case 'replace':
        return this.replace(step.node.range.start, step.node.range.end, this.render(step.value, this.indentOf(step.node.range.start)));
      case 'insert':
        return this.insertIntoMap(step.map, step.key, step.value);
      case 'appendItem':
        return this.appendToSeq(step.seq, step.value);
    }
  }

  private replace(start: number, end: number, newText: string): string {
    return this.text.slice(0, start) + newText + this.text.slice(end);
  }

  /** Leading whitespace of the line holding an offset. */
  private indentOf(offset: number): string {
    const lineStart = this.lines.lineStart(this.lines.lineOf(offset));
    return /^[ \t]*/.exec(this.text.slice(lineStart))![0];
  }

  private oneLine(node: TreeNode): boolean {
    return this.lines.lineOf(node.range.start) === this.lines.lineOf(node.range.end);
  }

  /** A value at an indentation: one line for scalars, intrinsics and scalar lists, else multi-line. */
  private render(value: FixValue, indent: string): string {
    const inner = indent + this.unit;
    if (isMapValue(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) return '{}';
      return `{${entries.map(([key, item]) => `${this.eol}${inner}${JSON.stringify(key)}: ${this.render(item, inner)}`).join(',')}${this.eol}${indent}}`;
    }
    if (Array.isArray(value) && value.some((item) => isMapValue(item) || Array.isArray(item))) {
      return `[${value.map((item) => `${this.eol}${inner}${this.render(item, inner)}`).join(',')}${this.eol}${indent}]`;
    }
    return inlineJson(value);
  }

  private insertIntoMap(map: MapNode, key: string, value: FixValue): string {
    if (map.entries.length === 0) {
      const open = map.range.start;
      const indent = this.indentOf(open);
      return this.replace(open + 1, map.range.end - 1, `${this.eol}${indent}${this.unit}${JSON.stringify(key)}: ${this.render(value, indent + this.unit)}${this.eol}${indent}`);
    }
    return this.insertEntryAfter(map, map.entries[map.entries.length - 1].value.range.end, key, value);
  }

  /** A new `"key": value` right after the value ending at `end`, in the map's own layout. */
  private insertEntryAfter(map: MapNode, end: number, key: string, value: FixValue): string {
    if (this.oneLine(map)) return this.replace(end, end, `, ${JSON.stringify(key)}: ${inlineJson(value)}`);
    const sibling = map.entries[0];
    const indent = this.indentOf(sibling.keyRange.start);
    return this.replace(end, end, `,${this.eol}${indent}${JSON.stringify(key)}: ${this.render(value, indent)}`);
  }

  private appendToSeq(seq: SeqNode, value: FixValue): string {
    if (seq.items.length === 0) {
      const indent = this.indentOf(seq.range.start);
      const body = isMapValue(value) ? `${this.eol}${indent}${this.unit}${this.render(value, indent + this.unit)}${this.eol}${indent}` : inlineJson(value);
      return this.replace(seq.range.start + 1, seq.range.end - 1, body);
    }
    const last = seq.items[seq.items.length - 1];
    if (this.oneLine(seq)) return this.replace(last.range.end, last.range.end, `, ${inlineJson(value)}`);
    const indent = this.indentOf(seq.items[0].range.start);
    return this.replace(last.range.end, last.range.end, `,${this.eol}${indent}${this.render(value, indent)}`);
  }
}
