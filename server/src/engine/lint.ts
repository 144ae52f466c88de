import { adaptTemplate } from './adapt/cloudformation/adapt-template';
import { expandResourceLoops } from './adapt/cloudformation/resource-loops';
import type { ResolvedConfig } from './config/config';
import type { AwsModel } from './model/aws';
import { LineIndex } from './model/range';
import type { SourceRange } from './model/range';
import type { TreeNode } from './model/tree';
import { isTemplateTree, looksLikeTemplateText } from './parse/cloudformation/detect';
import { parseJsonTemplate } from './parse/cloudformation/json-template';
import type { BrokenResource, ParsedTree } from './parse/cloudformation/yaml-template';
import { parseYamlTemplate } from './parse/cloudformation/yaml-template';
import { decodeSource } from './parse/source-text';
import { duplicateKeyMessage } from './parse/parse-error';
import type { ParseError } from './parse/parse-error';
import type { UnreadableReason } from './parse/source-text';
import type { Finding } from './rules/rule';
import { runRules } from './rules/run-rules';
import { isWritable } from './fix/apply-fix';
import { applySuppressions, commentSuppressions, metadataSuppressions } from './suppress/suppressions';

/** A file that could not be linted: a syntax error in a template, or unreadable input. */
export interface LintError {
  message: string;
  range: SourceRange | undefined;
  /** Set when the file was refused before parsing. */
  unreadable?: UnreadableReason;
  /** Set for a key written twice: the template was still linted, with the last value (as CloudFormation reads it). */
  duplicateKey?: true;
}

export interface LintResult {
  /** `template`: linted; `skipped`: not a template (silently ignored) or refused before parsing. */
  status: 'template' | 'skipped';
  findings: Finding[];
  errors: LintError[];
  /** The text the positions refer to (BOM stripped), with its line index. */
  lines: LineIndex;
  /** The typed model, for hovers and other explanations (templates only). */
  model?: AwsModel;
}

/** Parses a template's text; the language server passes an incremental one. */
export type TemplateParser = (path: string, text: string) => ParsedTree;

export interface LintOptions {
  parse?: TemplateParser;
}

export type SourceSyntax = 'json' | 'yaml';

/** JSON for `.json`; YAML for `.yaml`/`.yml`; otherwise sniffed from the first character. */
export function syntaxOf(path: string, text: string): SourceSyntax {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return /^\s*\{/.test(text) ? 'json' : 'yaml';
}

/** Parses a CloudFormation file (YAML or JSON) into the located tree. */
export function parseTemplateText(path: string, text: string): ParsedTree {
  return syntaxOf(path, text) === 'json' ? parseJsonTemplate(text) : parseYamlTemplate(text);
}

/** Lints raw bytes: refuses oversized, binary and non-UTF-8 files with a plain message. */
export function lintBytes(path: string, bytes: Uint8Array, config: ResolvedConfig): LintResult {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) {
    return { status: 'skipped', findings: [], errors: [{ message: decoded.message, range: undefined, unreadable: decoded.reason }], lines: new LineIndex('') };
  }
  return lintText(path, decoded.text, config);
}

/**
 * Lints one file's text. Text that is not a CloudFormation template gives no finding and no error;
 * a template with a syntax error gives one error at its position.
 */
export function lintText(path: string, rawText: string, config: ResolvedConfig, options: LintOptions = {}): LintResult {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lines = new LineIndex(text);
  const parsed = (options.parse ?? parseTemplateText)(path, text);
  if (!parsed.tree) {
    if (!looksLikeTemplateText(text)) return { status: 'skipped', findings: [], errors: [], lines };
    return { status: 'template', findings: [], errors: reportedErrors(parsed.errors, lines), lines };
  }
  if (!isTemplateTree(parsed.tree)) {
    // The incremental parser leaves a resource that does not parse out of the tree: with it gone
    // the rest may not look like a template, but the text does and its error is reported.
    if (parsed.errors.length > 0 && looksLikeTemplateText(text)) return { status: 'template', findings: [], errors: reportedErrors(parsed.errors, lines), lines };
    return { status: 'skipped', findings: [], errors: [], lines };
  }
  // Rules and resource Metadata see the resources Fn::ForEach loops make; fixes are written to the
  // text as it is, so a resource that exists only in a loop's expansion gets none.
  const expanded = expandResourceLoops(parsed.tree);
  const model = adaptTemplate(expanded, text);
  // A tree the incremental parser recovered around a syntax error still reports that error.
  let findings = lintModel(model, expanded, text, lines, syntaxOf(path, text), config);
  if (parsed.brokenResources?.length) findings = withoutBrokenNeighbours(findings, parsed.tree, text, parsed.brokenResources);
  const tree = parsed.tree;
  // A fix can't leave a file that parses while the file has an error (a duplicate key, a
  // resource being typed): fixes are offered again once it is gone.
  for (const finding of findings) finding.fixes = parsed.errors.length > 0 ? [] : finding.fixes.filter((plan) => isWritable(tree, plan));
  return { status: 'template', findings, errors: reportedErrors(parsed.errors, lines), lines, model };
}

/** The first syntax error (later ones are mostly its echoes) and every duplicate key (each its own mistake). */
function reportedErrors(errors: ParseError[], lines: LineIndex): LintError[] {
  const firstSyntaxError = errors.find((error) => !error.duplicate);
  return errors.filter((error) => error.duplicate || error === firstSyntaxError).map((error) => lintError(error, lines));
}

/** A parse error as reported: a duplicate key names the line of the earlier one, in the whole file. */
function lintError(error: ParseError, lines: LineIndex): LintError {
  if (!error.duplicate) return error;
  const firstLine = lines.position(error.duplicate.first.start).line;
  return { message: duplicateKeyMessage(error.duplicate.key, firstLine), range: error.range, duplicateKey: true };
}

/**
 * While a resource does not parse, findings that may depend on it are withheld: those on
 * resources that name it, or that it names (a bucket policy being typed must not make its bucket
 * look unprotected). Findings elsewhere in the template are kept.
 */
function withoutBrokenNeighbours(findings: Finding[], tree: TreeNode, text: string, broken: BrokenResource[]): Finding[] {
  const resources = tree.kind === 'map' ? tree.entries.find((entry) => entry.key === 'Resources')?.value : undefined;
  const textOf = (id: string) => {
    const entry = resources?.kind === 'map' ? resources.entries.find((candidate) => candidate.key === id) : undefined;
    return entry ? text.slice(entry.keyRange.start, entry.value.range.end) : '';
  };
  // A reference as CloudFormation writes one: !Ref X, Ref: X, "Ref": "X", !GetAtt X.Arn, [X, Arn], ${X}, ${X.Arn}.
  const mentions = (haystack: string, id: string) =>
    new RegExp(`(Ref["']?\\s*:?\\s*["']?|GetAtt["']?\\s*:?\\s*\\[?\\s*["']?|\\$\\{)${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`).test(haystack);
  return findings.filter((finding) => {
    const id = finding.resource?.id;
    if (!id) return true;
    return !broken.some((resource) => mentions(resource.text, id) || mentions(textOf(id), resource.id));
  });
}

function lintModel(model: AwsModel, tree: TreeNode, text: string, lines: LineIndex, syntax: SourceSyntax, config: ResolvedConfig): Finding[] {
  const findings = runRules(model, config);
  const suppressions = [
    ...(syntax === 'yaml' ? commentSuppressions(text, lines, ['#']) : []),
    ...metadataSuppressions(tree),
  ];
  const enabled = (id: string) => config.rules.get(id)?.enabled ?? false;
  const kept = applySuppressions(findings, suppressions, lines, config.registry, enabled);
  for (const finding of kept) {
    if (finding.messageId === finding.ruleId) finding.severity = config.rules.get(finding.ruleId)?.severity ?? finding.severity;
  }
  return kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId));
}
