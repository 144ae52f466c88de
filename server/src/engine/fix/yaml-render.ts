import type { FixValue } from './fix-value';
import { isIntrinsic, isMapValue } from './fix-value';

const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/**
 * Can a string be written plain (unquoted) and still read back as that string? Not when it starts
 * with an indicator, holds `: ` or ` #`, looks like a number or keyword, or (in flow context, inside
 * `[...]`/`{...}`) holds a flow indicator. `s3:*` and `arn:${AWS::Partition}:…` stay plain.
 */
function isPlainSafe(value: string, flow: boolean): boolean {
  if (value === '' || value !== value.trim() || /^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/: |:$| #|[\n\t]/.test(value) || RESERVED.test(value) || /^[-+.\d]/.test(value)) return false;
  return !(flow && /[,[\]{}]/.test(value));
}

/** A scalar or intrinsic on one line, quoting strings that YAML would read as something else. */
export function inlineYaml(value: FixValue, quote: 'single' | 'double' | 'auto' = 'auto', flow = false): string {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (quote === 'double') return JSON.stringify(value);
    if (quote === 'auto' && isPlainSafe(value, flow)) return value;
    return `'${value.replace(/'/g, "''")}'`;
  }
  if (isIntrinsic(value)) {
    switch (value.$intrinsic) {
      case 'Ref':
        return `!Ref ${value.name}`;
      case 'GetAtt':
        return `!GetAtt ${value.resource}.${value.attribute}`;
      case 'Sub':
        return `!Sub ${inlineYaml(value.template, 'auto', flow)}`;
    }
  }
  if (Array.isArray(value)) return `[${value.map((item) => inlineYaml(item, 'auto', true)).join(', ')}]`;
  return `{${Object.entries(value).map(([key, item]) => `${key}: ${inlineYaml(item, 'auto', true)}`).join(', ')}}`;
}

const pad = (width: number) => ' '.repeat(width);
/** Lists of plain scalars are written in flow style (`[SSE-C]`); lists holding intrinsics in block style, as templates do. */
const isScalarList = (value: FixValue) => Array.isArray(value) && value.every((item) => !Array.isArray(item) && !isMapValue(item) && !isIntrinsic(item));

/**
 * What follows `key:` for a value in block style, the key being at column `indent`: ` scalar`,
 * ` [a, b]` for scalar lists, or a newline and nested lines `step` further in.
 */
export function afterKey(value: FixValue, indent: number, step: number, eol: string): string {
  if (isMapValue(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}';
    return entries.map(([key, item]) => `${eol}${pad(indent + step)}${key}:${afterKey(item, indent + step, step, eol)}`).join('');
  }
  if (Array.isArray(value) && !isScalarList(value)) {
    return value.map((item) => `${eol}${pad(indent + step)}-${itemBody(item, indent + step + 2, step, eol)}`).join('');
  }
  return ` ${inlineYaml(value)}`;
}

/** What follows `-` for a sequence item whose content starts at column `contentIndent`. */
export function itemBody(value: FixValue, contentIndent: number, step: number, eol: string): string {
  if (!isMapValue(value)) return ` ${inlineYaml(value)}`;
  return Object.entries(value)
    .map(([key, item], index) => `${index === 0 ? ' ' : `${eol}${pad(contentIndent)}`}${key}:${afterKey(item, contentIndent, step, eol)}`)
    .join('');
}
