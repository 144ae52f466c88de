/**
 * Source positions. Internally every position is a UTF-16 offset into the (BOM-stripped) text,
 * which is what `yaml`, `jsonc-parser`, the TypeScript API and VS Code documents use.
 * Line/column conversion happens once, at the edge (reporters, LSP), through a LineIndex.
 */
export interface SourceRange {
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset just past the last character. */
  end: number;
}

/** A 1-based line and 1-based UTF-16 column, as printed by reporters and the JSON contract. */
export interface LineColumn {
  line: number;
  column: number;
}

/**
 * Maps offsets to lines and columns. `\r\n`, `\n` and a lone `\r` each end a line. The line
 * table is built on first use: most files are linted without ever needing it.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  private get lineStarts(): number[] {
    this.starts ??= computeLineStarts(this.text);
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line: line + 1, column: clamped - this.lineStarts[line] + 1 };
  }

  /** Offset where a 0-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of a 0-based line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    while (end > this.lineStarts[line] && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }

  /** The text of a 0-based line without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}
