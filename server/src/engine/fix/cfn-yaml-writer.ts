import { LineIndex } from '../model/range';
import type { MapNode, ScalarNode, SeqNode, TreeNode } from '../model/tree';
import { entryOf, valueOf } from '../model/tree';
import type { FixValue } from './fix-value';
import type { FixIntent } from './intents';
import { resourceDeclaration } from './intents';
import { planWrite } from './plan-write';
import { afterKey, inlineYaml, itemBody } from './yaml-render';

/**
 * CloudFormation YAML writer: one intent → the new text, copying the indentation and style of the
 * neighbours (block or flow, quotes as used). Returns undefined when the intent can't be written
 * without guessing (the path runs through an intrinsic function, say).
 */
export function writeYamlIntent(text: string, tree: TreeNode, intent: FixIntent): string | undefined {
  const writer = new YamlWriter(text, tree);
  return intent.kind === 'insertResource' ? writer.insertResource(intent) : writer.setOrAppend(intent);
}

class YamlWriter {
  private readonly lines: LineIndex;
  private readonly eol: string;
  private readonly step: number;

  constructor(
    private readonly text: string,
    private readonly tree: TreeNode,
  ) {
    this.lines = new LineIndex(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const resources = entryOf(tree, 'Resources');
    const first = resources?.value.kind === 'map' ? resources.value.entries[0] : undefined;
    const width = first ? this.column(first.keyRange.start) - this.column(resources!.keyRange.start) : 2;
    this.step = width > 0 ? width : 2;
  }

  private column(offset: number): number {
    return offset - this.lines.lineStart(this.lines.lineOf(offset));
  }

  /**
   * End of the line where a node's content ends. A block node's range may run on over the line
   * break (and blank lines) after it, so step back over whitespace first.
   */
  private lineEndAt(offset: number): number {
    let end = offset;
    while (end > 0 && /\s/.test(this.text[end - 1])) end--;
    return this.lines.lineEnd(this.lines.lineOf(end));
  }

  private replace(start: number, end: number, newText: string): string {
    return this.text.slice(0, start) + newText + this.text.slice(end);
  }

  setOrAppend(intent: Extract<FixIntent, { kind: 'set' | 'append' }>): string | undefined {
    const step = planWrite(this.tree, intent);
    if (!step) return undefined;
    switch (step.kind) {
      case 'fill':
        return this.fillEmpty(step.node, step.value);
      case 'insert':
        return this.insertIntoMap(step.map, step.key, step.value);
      case 'appendItem':
        return this.appendToSeq(step.seq, step.value);
      case 'replace': {
        const node = step.node;
        const quote = typeof step.value === 'string' && node.kind === 'scalar' && node.style !== 'plain' && node.style !== 'block' ? node.style : 'auto';
        return this.replace(node.range.start, node.range.end, inlineYaml(step.value, quote));
      }
    }
  }

  /** `Key:` with nothing after it: write the value after the colon. */
  private fillEmpty(node: ScalarNode, value: FixValue): string | undefined {
    const colon = this.text.lastIndexOf(':', node.range.start);
    if (colon === -1 || this.lines.lineOf(colon) !== this.lines.lineOf(node.range.start)) return undefined;
    const lineStart = this.lines.lineStart(this.lines.lineOf(colon));
    const keyIndent = this.text.slice(lineStart, colon).search(/\S/);
    const body = typeof value === 'object' && !Array.isArray(value) && value !== null && !('$intrinsic' in value)
      ? Object.entries(value).map(([key, item]) => `${this.eol}${' '.repeat(keyIndent + this.step)}${key}:${afterKey(item, keyIndent + this.step, this.step, this.eol)}`).join('')
      : afterKey(value, keyIndent, this.step, this.eol);
    // An explicit `~`/`null` is replaced; otherwise a block goes after the line (a comment after the
    // colon stays) and a one-line value right after the colon.
    if (node.range.end > node.range.start) return this.replace(colon + 1, node.range.end, body);
    const at = body.startsWith(this.eol) ? this.lines.lineEnd(this.lines.lineOf(colon)) : colon + 1;
    return this.replace(at, at, body);
  }

  /**
   * Where a new line goes after a node: the end of its last line — except after a block scalar
   * (`|`, `|+`), whose range runs through its line breaks, which belong to its value.
   */
  private after(node: TreeNode): { at: number; lead: string; tail: string } {
    let leaf = node;
    for (;;) {
      if (leaf.kind === 'map' && !leaf.flow && leaf.entries.length > 0) leaf = leaf.entries[leaf.entries.length - 1].value;
      else if (leaf.kind === 'seq' && !leaf.flow && leaf.items.length > 0) leaf = leaf.items[leaf.items.length - 1];
      else break;
    }
    if (leaf.kind === 'scalar' && leaf.style === 'block' && /\n$/.test(this.text.slice(0, leaf.range.end))) {
      return { at: leaf.range.end, lead: '', tail: this.eol };
    }
    return { at: this.lineEndAt(node.range.end), lead: this.eol, tail: '' };
  }

  private insertIntoMap(map: MapNode, key: string, value: FixValue): string {
    if (map.flow) {
      const close = this.text.lastIndexOf('}', map.range.end - 1);
      const separator = map.entries.length > 0 ? ', ' : '';
      return this.replace(close, close, `${separator}${key}: ${inlineYaml(value)}`);
    }
    const last = map.entries[map.entries.length - 1];
    const indent = this.column(map.entries[0].keyRange.start);
    const { at, lead, tail } = last.value.range.end > last.keyRange.end ? this.after(last.value) : { at: this.lineEndAt(last.keyRange.end), lead: this.eol, tail: '' };
    return this.replace(at, at, `${lead}${' '.repeat(indent)}${key}:${afterKey(value, indent, this.step, this.eol)}${tail}`);
  }

  private appendToSeq(seq: SeqNode, value: FixValue): string | undefined {
    if (seq.flow) {
      const close = this.text.lastIndexOf(']', seq.range.end - 1);
      const separator = seq.items.length > 0 ? ', ' : '';
      return this.replace(close, close, `${separator}${inlineYaml(value)}`);
    }
    const first = seq.items[0];
    const last = seq.items[seq.items.length - 1];
    const dash = this.text.lastIndexOf('-', first.range.start);
    if (dash === -1) return undefined;
    const dashColumn = this.column(dash);
    const { at, lead, tail } = this.after(last);
    return this.replace(at, at, `${lead}${' '.repeat(dashColumn)}-${itemBody(value, dashColumn + 2, this.step, this.eol)}${tail}`);
  }

  /** The file's convention: is the resource (or, for the first one, the next) preceded by a blank line? */
  private resourcesSeparatedByBlankLines(resources: MapNode, after: MapNode['entries'][number]): boolean {
    const index = resources.entries.indexOf(after);
    const probe = index > 0 ? after : resources.entries[index + 1];
    if (!probe) return false;
    const line = this.lines.lineOf(probe.keyRange.start);
    let previous = line - 1;
    while (previous > 0 && /^\s*#/.test(this.lines.lineText(previous))) previous--;
    return previous >= 0 && this.lines.lineText(previous).trim() === '';
  }

  insertResource(intent: Extract<FixIntent, { kind: 'insertResource' }>): string | undefined {
    const resources = valueOf(this.tree, 'Resources');
    if (!resources || resources.kind !== 'map' || resources.flow) return undefined;
    const after = entryOf(resources, intent.afterId);
    if (!after || entryOf(resources, intent.id)) return undefined;
    const indent = this.column(after.keyRange.start);
    const { at, lead, tail } = this.after(after.value);
    const blankBetween = this.resourcesSeparatedByBlankLines(resources, after) ? this.eol : '';
    const body = afterKey(resourceDeclaration(intent), indent, this.step, this.eol);
    return this.replace(at, at, `${lead}${blankBetween}${' '.repeat(indent)}${intent.id}:${body}${tail}`);
  }
}
