import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

/**
 * The TextMate grammars in syntaxes/, loaded the way VS Code loads them (vscode-textmate on the
 * oniguruma WASM build), with exact scopes asserted on tokens.
 */

const ROOT = join(__dirname, '..', '..');
const HCL = 'source.hcl.encryption-lint';
const INJECTION = 'encryption-lint.suppression.injection';

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const contributed = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } })
  .contributes.grammars;

/** The package's own grammars, plus test-only stand-ins for VS Code's YAML and TypeScript grammars. */
const GRAMMAR_FILES: Record<string, string> = {
  ...Object.fromEntries(contributed.map((grammar) => [grammar.scopeName, join(ROOT, grammar.path)])),
  'source.yaml': join(__dirname, 'hosts', 'yaml.tmLanguage.json'),
  'source.ts': join(__dirname, 'hosts', 'ts.tmLanguage.json'),
};

let onigLib: Promise<vsctm.IOnigLib> | undefined;

function loadOnigLib(): Promise<vsctm.IOnigLib> {
  onigLib ??= oniguruma.loadWASM(readFileSync(join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'))).then(() => ({
    createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
  return onigLib;
}

/** A registry that, like VS Code, injects each grammar into the scopes its `injectTo` names. */
function registry(withInjections: boolean): vsctm.Registry {
  return new vsctm.Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (scopeName) => {
      const file = GRAMMAR_FILES[scopeName];
      return file ? vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) =>
      withInjections ? contributed.filter((grammar) => grammar.injectTo?.includes(scopeName)).map((grammar) => grammar.scopeName) : [],
  });
}

async function grammar(scopeName: string, withInjections = true): Promise<vsctm.IGrammar> {
  const loaded = await registry(withInjections).loadGrammar(scopeName);
  if (!loaded) throw new Error(`grammar ${scopeName} did not load`);
  return loaded;
}

interface Token {
  text: string;
  scopes: string[];
}

interface Tokenized {
  lines: string[];
  tokens: Token[][];
  /** Rule stack depth after each line: 1 is the grammar's root. */
  depths: number[];
}

function tokenize(loaded: vsctm.IGrammar, source: string): Tokenized {
  const lines = source.split('\n');
  const tokens: Token[][] = [];
  const depths: number[] = [];
  let state = vsctm.INITIAL;
  for (const line of lines) {
    const result = loaded.tokenizeLine(line, state);
    if (result.stoppedEarly) throw new Error(`tokenization stopped early on: ${line}`);
    tokens.push(result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes })));
    depths.push(result.ruleStack.depth);
    state = result.ruleStack;
  }
  return { lines, tokens, depths };
}

/** The index of the one line that contains `marker`. */
function lineOf(doc: Tokenized, marker: string): number {
  const found = doc.lines.flatMap((line, index) => (line.includes(marker) ? [index] : []));
  expect(found, `lines containing ${JSON.stringify(marker)}`).toHaveLength(1);
  return found[0];
}

/** The scopes of the `nth` token whose text is exactly `text`, on line `index`. */
function scopesAt(doc: Tokenized, index: number, text: string, nth = 0): string[] {
  const line = doc.tokens[index];
  const matches = line.filter((token) => token.text === text);
  if (!matches[nth]) {
    throw new Error(`no token ${JSON.stringify(text)} (#${nth}) on line ${index + 1}; tokens: ${JSON.stringify(line.map((token) => token.text))}`);
  }
  return matches[nth].scopes;
}

/** The scopes of the `nth` token whose text is exactly `text`, on the one line containing `marker`. */
function scopesOf(doc: Tokenized, marker: string, text: string, nth = 0): string[] {
  return scopesAt(doc, lineOf(doc, marker), text, nth);
}

/** Every scope the injection grammar assigns. */
const INJECTED_SCOPES = new Set([
  'meta.directive.suppression.encryption-lint',
  'keyword.control.directive.encryption-lint',
  'constant.language.rule-id.encryption-lint',
  'punctuation.separator.comma.encryption-lint',
  'punctuation.separator.reason.encryption-lint',
  'string.unquoted.reason.encryption-lint',
]);

const isInjected = (scope: string) => INJECTED_SCOPES.has(scope);

/** [text, innermost scope] of the tokens the injection scoped, white space left out. */
function injectedTokens(tokens: Token[]): Array<[string, string]> {
  return tokens
    .filter((token) => token.text.trim() !== '' && token.scopes.some(isInjected))
    .map((token) => [token.text, token.scopes[token.scopes.length - 1]]);
}

// ---------------------------------------------------------------------------------------------
// HCL

const TERRAFORM = `# Access-log buckets, encrypted with a customer-managed key
// Owner: platform team
/* Reviewed by security:
   KMS rotation on, bucket keys on. */
terraform {
  required_version = ">= 1.5.0"
}

variable "prefix" {
  type    = string
  default = "acme"
}

variable "buckets" {
  type = map(object({ name = string, versioned = optional(bool, true) }))
}

locals {
  names   = [for k, v in var.buckets : v.name if k != ""]
  by_name = { for k, v in var.buckets : v.name => k... }
  owner   = "équipe plateforme — données ✓"
  ratio   = 1.5e3 * -2 % 7
}

resource "aws_kms_key" "k" {
  description         = "Clé pour \${var.prefix}"
  enable_key_rotation = true
  policy              = null
}

resource "aws_s3_bucket" "logs" {
  count  = length(local.names)
  bucket = "\${var.prefix}-logs"
  tags   = merge(var.tags, { Name = "\${var.prefix}-\${count.index}", "cost-center" = "ops" })
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  for_each = { for b in aws_s3_bucket.logs : b.id => b }
  bucket   = each.key

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.k.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_policy" "heredoc" {
  bucket = aws_s3_bucket.logs[0].id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:PutObject",
        "Resource": "\${aws_s3_bucket.logs[0].arn}/*",
        "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}
      }]
    }
  EOT
}

resource "aws_s3_bucket_policy" "json" {
  bucket = aws_s3_bucket.logs[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:PutObject"
      Resource  = "\${aws_s3_bucket.logs[0].arn}/*"
      Condition = {
        StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }
      }
    }]
  })
}

data "aws_iam_policy_document" "tls" {
  dynamic "statement" {
    for_each = var.enforce_tls && !var.legacy ? [1] : []
    content {
      effect    = "Deny"
      resources = aws_s3_bucket.logs[*].arn
      actions   = ["s3:*"]
    }
  }
}

output "arns" {
  value       = aws_s3_bucket.logs.*.arn
  description = "Escapes: \\"quoted\\" \\\\ \\u00e9 and literal $\${not_interpolated}"
  sensitive   = false
}

locals {
  banner = <<EOF
Buckets: %{ for name in local.names ~}\${name}, %{ endfor ~}
EOF
}
`;

describe('HCL grammar (source.hcl.encryption-lint)', () => {
  let doc: Tokenized;
  /** Expects the exact scope list, below the grammar's root scope. */
  const expectScopes = (marker: string, text: string, scopes: string[], nth = 0) =>
    expect(scopesOf(doc, marker, text, nth), `${JSON.stringify(text)} on ${JSON.stringify(marker)}`).toEqual([HCL, ...scopes]);

  beforeAll(async () => {
    doc = tokenize(await grammar(HCL, false), TERRAFORM);
  });

  it('tokenizes the whole sample', () => {
    expect(doc.lines.length).toBeGreaterThan(100);
    expect(doc.tokens.every((tokens, index) => tokens.map((token) => token.text).join('') === doc.lines[index])).toBe(true);
  });

  it('ends every begin/end rule it opens: each top-level block, and the file, end at the root', () => {
    expect(doc.depths[doc.depths.length - 1]).toBe(1);
    const closings = doc.lines.flatMap((line, index) => (line === '}' ? [index] : []));
    expect(closings).toHaveLength(12);
    for (const index of closings) expect(doc.depths[index], `after line ${index + 1}`).toBe(1);
    expect(doc.depths.slice(0, 4)).toEqual([1, 1, 2, 1]);
    expect(Math.min(...doc.depths)).toBe(1);
  });

  it('marks nothing in the sample as invalid', () => {
    const invalid = doc.tokens.flat().filter((token) => token.scopes.some((scope) => scope.startsWith('invalid.')));
    expect(invalid).toEqual([]);
  });

  it('scopes the three kinds of comments', () => {
    expectScopes('# Access-log', '#', ['comment.line.number-sign.hcl', 'punctuation.definition.comment.hcl']);
    expectScopes('# Access-log', ' Access-log buckets, encrypted with a customer-managed key', ['comment.line.number-sign.hcl']);
    expectScopes('// Owner', '//', ['comment.line.double-slash.hcl', 'punctuation.definition.comment.hcl']);
    expectScopes('// Owner', ' Owner: platform team', ['comment.line.double-slash.hcl']);
    expectScopes('/* Reviewed', '/*', ['comment.block.hcl', 'punctuation.definition.comment.begin.hcl']);
    expectScopes('KMS rotation on', '   KMS rotation on, bucket keys on. ', ['comment.block.hcl']);
    expectScopes('KMS rotation on', '*/', ['comment.block.hcl', 'punctuation.definition.comment.end.hcl']);
    expect(doc.depths[lineOf(doc, '/* Reviewed')]).toBe(2);
    expect(doc.depths[lineOf(doc, 'KMS rotation on')]).toBe(1);
  });

  it('scopes block types, quoted labels and the braces', () => {
    const header = 'resource "aws_s3_bucket" "logs" {';
    expectScopes(header, 'resource', ['meta.block.hcl', 'entity.name.type.hcl']);
    expectScopes(header, '"', ['meta.block.hcl', 'meta.block.labels.hcl', 'string.quoted.double.hcl', 'punctuation.definition.string.begin.hcl']);
    expectScopes(header, 'aws_s3_bucket', ['meta.block.hcl', 'meta.block.labels.hcl', 'string.quoted.double.hcl']);
    expectScopes(header, 'logs', ['meta.block.hcl', 'meta.block.labels.hcl', 'string.quoted.double.hcl']);
    expectScopes(header, '"', ['meta.block.hcl', 'meta.block.labels.hcl', 'string.quoted.double.hcl', 'punctuation.definition.string.end.hcl'], 3);
    expectScopes(header, '{', ['meta.block.hcl', 'punctuation.section.block.begin.hcl']);
    for (const [marker, type] of [
      ['terraform {', 'terraform'],
      ['variable "prefix" {', 'variable'],
      ['data "aws_iam_policy_document" "tls" {', 'data'],
      ['output "arns" {', 'output'],
    ]) {
      expectScopes(marker, type, ['meta.block.hcl', 'entity.name.type.hcl']);
    }
    const locals = doc.lines.flatMap((line, index) => (line === 'locals {' ? [index] : []));
    expect(locals).toHaveLength(2);
    for (const index of locals) expect(scopesAt(doc, index, 'locals')).toEqual([HCL, 'meta.block.hcl', 'entity.name.type.hcl']);
  });

  it('scopes nested blocks: rule, apply_server_side_encryption_by_default, dynamic and content', () => {
    expectScopes('  rule {', 'rule', ['meta.block.hcl', 'meta.block.hcl', 'entity.name.type.hcl']);
    expectScopes('apply_server_side_encryption_by_default {', 'apply_server_side_encryption_by_default', [
      'meta.block.hcl',
      'meta.block.hcl',
      'meta.block.hcl',
      'entity.name.type.hcl',
    ]);
    expectScopes('dynamic "statement" {', 'dynamic', ['meta.block.hcl', 'meta.block.hcl', 'entity.name.type.hcl']);
    expectScopes('dynamic "statement" {', 'statement', ['meta.block.hcl', 'meta.block.hcl', 'meta.block.labels.hcl', 'string.quoted.double.hcl']);
    expectScopes('content {', 'content', ['meta.block.hcl', 'meta.block.hcl', 'meta.block.hcl', 'entity.name.type.hcl']);
    const closing = lineOf(doc, 'kms_master_key_id = aws_kms_key') + 1;
    expect(doc.lines[closing]).toBe('    }');
    expect(scopesAt(doc, closing, '}')).toEqual([HCL, 'meta.block.hcl', 'meta.block.hcl', 'meta.block.hcl', 'punctuation.section.block.end.hcl']);
    expect(doc.depths[closing]).toBe(3);
  });

  it('scopes attribute names, =, strings, booleans, null and numbers', () => {
    const inner = ['meta.block.hcl', 'meta.block.hcl', 'meta.block.hcl'];
    expectScopes('sse_algorithm', 'sse_algorithm', [...inner, 'variable.other.readwrite.hcl']);
    expectScopes('sse_algorithm', '=', [...inner, 'keyword.operator.assignment.hcl']);
    expectScopes('sse_algorithm', 'aws:kms', [...inner, 'string.quoted.double.hcl']);
    expectScopes('sse_algorithm', '"', [...inner, 'string.quoted.double.hcl', 'punctuation.definition.string.begin.hcl']);
    expectScopes('kms_master_key_id', 'kms_master_key_id', [...inner, 'variable.other.readwrite.hcl']);
    expectScopes('bucket_key_enabled', 'bucket_key_enabled', ['meta.block.hcl', 'meta.block.hcl', 'variable.other.readwrite.hcl']);
    expectScopes('bucket_key_enabled', 'true', ['meta.block.hcl', 'meta.block.hcl', 'constant.language.boolean.hcl']);
    expectScopes('sensitive', 'false', ['meta.block.hcl', 'constant.language.boolean.hcl']);
    expectScopes('policy              = null', 'null', ['meta.block.hcl', 'constant.language.null.hcl']);
    expectScopes('ratio   =', '1.5e3', ['meta.block.hcl', 'constant.numeric.float.hcl']);
    expectScopes('ratio   =', '2', ['meta.block.hcl', 'constant.numeric.integer.hcl']);
    expectScopes('ratio   =', '*', ['meta.block.hcl', 'keyword.operator.arithmetic.hcl']);
    expectScopes('ratio   =', '-', ['meta.block.hcl', 'keyword.operator.arithmetic.hcl']);
    expectScopes('ratio   =', '%', ['meta.block.hcl', 'keyword.operator.arithmetic.hcl']);
  });

  it('keeps non-ASCII text inside one string token', () => {
    expectScopes('owner', 'équipe plateforme — données ✓', ['meta.block.hcl', 'string.quoted.double.hcl']);
    expectScopes('Clé pour', 'Clé pour ', ['meta.block.hcl', 'string.quoted.double.hcl']);
    expectScopes('Clé pour', '"', ['meta.block.hcl', 'string.quoted.double.hcl', 'punctuation.definition.string.end.hcl'], 1);
  });

  it('scopes escapes and template escapes in strings', () => {
    const string = ['meta.block.hcl', 'string.quoted.double.hcl'];
    expectScopes('Escapes:', '\\"', [...string, 'constant.character.escape.hcl']);
    expectScopes('Escapes:', '\\\\', [...string, 'constant.character.escape.hcl']);
    expectScopes('Escapes:', '\\u00e9', [...string, 'constant.character.escape.hcl']);
    expectScopes('Escapes:', '$${', [...string, 'constant.character.escape.template.hcl']);
    expectScopes('Escapes:', 'not_interpolated}', string);
  });

  it('scopes ${ } interpolations, their punctuation and the expression inside', () => {
    const marker = 'bucket = "${var.prefix}-logs"';
    const interpolation = ['meta.block.hcl', 'string.quoted.double.hcl', 'meta.interpolation.hcl'];
    expectScopes(marker, '${', [...interpolation, 'punctuation.section.interpolation.begin.hcl']);
    expectScopes(marker, 'var', [...interpolation, 'meta.embedded.line.hcl', 'variable.language.hcl']);
    expectScopes(marker, '.', [...interpolation, 'meta.embedded.line.hcl', 'punctuation.accessor.hcl']);
    expectScopes(marker, 'prefix', [...interpolation, 'meta.embedded.line.hcl', 'variable.other.property.hcl']);
    expectScopes(marker, '}', [...interpolation, 'punctuation.section.interpolation.end.hcl']);
    expectScopes(marker, '-logs', ['meta.block.hcl', 'string.quoted.double.hcl']);
    expectScopes(marker, '"', ['meta.block.hcl', 'string.quoted.double.hcl', 'punctuation.definition.string.end.hcl'], 1);
    expectScopes('count.index', 'count', [
      'meta.block.hcl',
      'meta.function-call.hcl',
      'meta.object.hcl',
      'string.quoted.double.hcl',
      'meta.interpolation.hcl',
      'meta.embedded.line.hcl',
      'variable.language.hcl',
    ]);
  });

  it('scopes traversals: resource references, var/local/each/count, [0], [*] and .*', () => {
    const marker = 'kms_master_key_id = aws_kms_key.k.arn';
    const inner = ['meta.block.hcl', 'meta.block.hcl', 'meta.block.hcl'];
    expectScopes(marker, 'aws_kms_key', [...inner, 'variable.other.hcl']);
    expectScopes(marker, '.', [...inner, 'punctuation.accessor.hcl']);
    expectScopes(marker, 'k', [...inner, 'variable.other.property.hcl']);
    expectScopes(marker, 'arn', [...inner, 'variable.other.property.hcl']);
    expectScopes('bucket   = each.key', 'each', ['meta.block.hcl', 'variable.language.hcl']);
    expectScopes('bucket   = each.key', 'key', ['meta.block.hcl', 'variable.other.property.hcl']);
    expectScopes('length(local.names)', 'local', ['meta.block.hcl', 'meta.function-call.hcl', 'variable.language.hcl']);

    const index = doc.lines.findIndex((line) => line.includes('bucket = aws_s3_bucket.logs[0].id'));
    const indexTokens = doc.tokens[index].map((token) => [token.text, token.scopes.slice(1)]);
    expect(indexTokens.slice(-6)).toEqual([
      ['logs', ['meta.block.hcl', 'variable.other.property.hcl']],
      ['[', ['meta.block.hcl', 'meta.index.hcl', 'punctuation.section.brackets.begin.hcl']],
      ['0', ['meta.block.hcl', 'meta.index.hcl', 'constant.numeric.integer.hcl']],
      [']', ['meta.block.hcl', 'meta.index.hcl', 'punctuation.section.brackets.end.hcl']],
      ['.', ['meta.block.hcl', 'punctuation.accessor.hcl']],
      ['id', ['meta.block.hcl', 'variable.other.property.hcl']],
    ]);

    const content = ['meta.block.hcl', 'meta.block.hcl', 'meta.block.hcl'];
    expectScopes('logs[*].arn', '[', [...content, 'punctuation.section.brackets.begin.hcl']);
    expectScopes('logs[*].arn', '*', [...content, 'keyword.operator.splat.hcl']);
    expectScopes('logs[*].arn', ']', [...content, 'punctuation.section.brackets.end.hcl']);
    expectScopes('logs.*.arn', '*', ['meta.block.hcl', 'keyword.operator.splat.hcl']);
  });

  it('scopes for expressions in tuples and objects', () => {
    const marker = '[for k, v in var.buckets : v.name if k != ""]';
    const tuple = ['meta.block.hcl', 'meta.tuple.hcl'];
    const clause = [...tuple, 'meta.for-clause.hcl'];
    expectScopes(marker, '[', [...tuple, 'punctuation.section.brackets.begin.hcl']);
    expectScopes(marker, 'for', [...clause, 'keyword.control.for.hcl']);
    expectScopes(marker, 'k', [...clause, 'variable.parameter.hcl']);
    expectScopes(marker, ',', [...clause, 'punctuation.separator.comma.hcl']);
    expectScopes(marker, 'v', [...clause, 'variable.parameter.hcl']);
    expectScopes(marker, 'in', [...clause, 'keyword.control.in.hcl']);
    expectScopes(marker, 'var', [...clause, 'variable.language.hcl']);
    expectScopes(marker, ':', [...clause, 'punctuation.separator.for.hcl']);
    expectScopes(marker, 'v', [...tuple, 'variable.other.hcl'], 1);
    expectScopes(marker, 'if', [...tuple, 'keyword.control.if.hcl']);
    expectScopes(marker, '!=', [...tuple, 'keyword.operator.comparison.hcl']);
    expectScopes(marker, ']', [...tuple, 'punctuation.section.brackets.end.hcl']);

    const object = ['meta.block.hcl', 'meta.object.hcl'];
    expectScopes('by_name', '{', [...object, 'punctuation.section.braces.begin.hcl']);
    expectScopes('by_name', 'for', [...object, 'meta.for-clause.hcl', 'keyword.control.for.hcl']);
    expectScopes('by_name', '=>', [...object, 'keyword.operator.arrow.hcl']);
    expectScopes('by_name', '...', [...object, 'keyword.operator.expansion.hcl']);
    expectScopes('by_name', '}', [...object, 'punctuation.section.braces.end.hcl']);
  });

  it('scopes conditionals and logical operators', () => {
    const marker = 'for_each = var.enforce_tls && !var.legacy ? [1] : []';
    const dynamic = ['meta.block.hcl', 'meta.block.hcl'];
    expectScopes(marker, 'for_each', [...dynamic, 'variable.other.readwrite.hcl']);
    expectScopes(marker, '&&', [...dynamic, 'keyword.operator.logical.hcl']);
    expectScopes(marker, '!', [...dynamic, 'keyword.operator.logical.hcl']);
    expectScopes(marker, '?', [...dynamic, 'keyword.operator.ternary.hcl']);
    expectScopes(marker, ':', [...dynamic, 'keyword.operator.ternary.hcl']);
    expectScopes(marker, '1', [...dynamic, 'meta.tuple.hcl', 'constant.numeric.integer.hcl']);
  });

  it('scopes function calls, type constraints and object keys', () => {
    const call = ['meta.block.hcl', 'meta.function-call.hcl'];
    expectScopes('policy = jsonencode({', 'jsonencode', [...call, 'support.function.hcl']);
    expectScopes('policy = jsonencode({', '(', [...call, 'punctuation.definition.arguments.begin.hcl']);
    expectScopes('policy = jsonencode({', '{', [...call, 'meta.object.hcl', 'punctuation.section.braces.begin.hcl']);
    expectScopes('Version = "2012-10-17"', 'Version', [...call, 'meta.object.hcl', 'meta.mapping.key.hcl', 'variable.other.readwrite.hcl']);
    expectScopes('Version = "2012-10-17"', '=', [...call, 'meta.object.hcl', 'punctuation.separator.key-value.hcl']);
    expectScopes('Effect    = "Deny"', 'Effect', [...call, 'meta.object.hcl', 'meta.tuple.hcl', 'meta.object.hcl', 'meta.mapping.key.hcl', 'variable.other.readwrite.hcl']);
    expectScopes('StringNotEquals', 's3:x-amz-server-side-encryption', [
      ...call,
      'meta.object.hcl',
      'meta.tuple.hcl',
      'meta.object.hcl',
      'meta.object.hcl',
      'meta.object.hcl',
      'meta.mapping.key.hcl',
      'string.quoted.double.hcl',
    ]);
    expectScopes('  })', ')', [...call, 'punctuation.definition.arguments.end.hcl']);
    expectScopes('tags   = merge(', 'merge', [...call, 'support.function.hcl']);
    expectScopes('tags   = merge(', 'cost-center', [...call, 'meta.object.hcl', 'meta.mapping.key.hcl', 'string.quoted.double.hcl']);
    expectScopes('type    = string', 'string', ['meta.block.hcl', 'support.type.primitive.hcl']);
    expectScopes('type = map(object(', 'map', ['meta.block.hcl', 'meta.type-constraint.hcl', 'support.type.hcl']);
    expectScopes('type = map(object(', 'optional', [
      'meta.block.hcl',
      'meta.type-constraint.hcl',
      'meta.type-constraint.hcl',
      'meta.object.hcl',
      'meta.type-constraint.hcl',
      'support.type.hcl',
    ]);
  });

  it('scopes heredocs: the delimiters, a JSON body left as text, and interpolations inside', () => {
    const heredoc = ['meta.block.hcl', 'string.unquoted.heredoc.hcl'];
    expectScopes('policy = <<-EOT', '<<-', [...heredoc, 'keyword.operator.heredoc.hcl']);
    expectScopes('policy = <<-EOT', 'EOT', [...heredoc, 'keyword.control.heredoc-token.hcl']);
    expectScopes('"Statement": [{', '      "Statement": [{', heredoc);
    expectScopes('"Condition": {"Null"', '        "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}', heredoc);
    expectScopes('"Resource": "${aws_s3_bucket', '${', [...heredoc, 'meta.interpolation.hcl', 'punctuation.section.interpolation.begin.hcl']);
    expectScopes('"Resource": "${aws_s3_bucket', 'aws_s3_bucket', [...heredoc, 'meta.interpolation.hcl', 'meta.embedded.line.hcl', 'variable.other.hcl']);
    expectScopes('"Resource": "${aws_s3_bucket', '/*",', heredoc);
    expectScopes('  EOT', 'EOT', [...heredoc, 'keyword.control.heredoc-token.hcl']);
    expect(doc.depths[lineOf(doc, 'policy = <<-EOT')]).toBe(3);
    expect(doc.depths[lineOf(doc, '  EOT')]).toBe(2);

    expectScopes('banner = <<EOF', '<<', [...heredoc, 'keyword.operator.heredoc.hcl']);
    expectScopes('Buckets: %{', '%{', [...heredoc, 'meta.template-directive.hcl', 'punctuation.section.template-directive.begin.hcl']);
    expectScopes('Buckets: %{', 'for', [...heredoc, 'meta.template-directive.hcl', 'meta.embedded.line.hcl', 'keyword.control.for.hcl']);
    expectScopes('Buckets: %{', 'endfor', [...heredoc, 'meta.template-directive.hcl', 'meta.embedded.line.hcl', 'keyword.control.endfor.hcl']);
    expectScopes('Buckets: %{', '~', [...heredoc, 'meta.template-directive.hcl', 'keyword.operator.template.trim.hcl']);
    const closing = lineOf(doc, 'Buckets: %{') + 1;
    expect(doc.tokens[closing]).toEqual([{ text: 'EOF', scopes: [HCL, ...heredoc, 'keyword.control.heredoc-token.hcl'] }]);
    expect(doc.depths[closing]).toBe(2);
  });

  it('recovers at the end of the line from an unterminated string, and handles one-line blocks and edge expressions', async () => {
    const edge = tokenize(
      await grammar(HCL, false),
      [
        'variable "x" { default = 1 }',
        'locals { open = "unterminated',
        '  after = true',
        '}',
        'arn = provider::aws::arn_parse(var.arn).account_id',
        'n = 5-1',
        'legacy = x.0.y',
        'keyed = { (var.k) = 1, other: 2 }',
        'bad = "\\q"',
        'x = /* inline */ 1 // trailing',
      ].join('\n'),
    );
    const expectEdge = (marker: string, text: string, scopes: string[], nth = 0) => expect(scopesOf(edge, marker, text, nth)).toEqual([HCL, ...scopes]);
    expect(edge.depths).toEqual([1, 2, 2, 1, 1, 1, 1, 1, 1, 1]);
    expectEdge('variable "x"', 'default', ['meta.block.hcl', 'variable.other.readwrite.hcl']);
    expectEdge('variable "x"', '}', ['meta.block.hcl', 'punctuation.section.block.end.hcl']);
    expectEdge('after = true', 'after', ['meta.block.hcl', 'variable.other.readwrite.hcl']);
    expectEdge('provider::aws', 'provider::aws::arn_parse', ['meta.function-call.hcl', 'support.function.hcl']);
    expectEdge('provider::aws', 'account_id', ['variable.other.property.hcl']);
    expectEdge('n = 5-1', '5', ['constant.numeric.integer.hcl']);
    expectEdge('n = 5-1', '-', ['keyword.operator.arithmetic.hcl']);
    expectEdge('legacy', '0', ['constant.numeric.integer.index.hcl']);
    expectEdge('keyed', '=', ['keyword.operator.assignment.hcl'], 0);
    expectEdge('keyed', '=', ['meta.object.hcl', 'punctuation.separator.key-value.hcl'], 1);
    expectEdge('keyed', 'other', ['meta.object.hcl', 'meta.mapping.key.hcl', 'variable.other.readwrite.hcl']);
    expectEdge('keyed', ':', ['meta.object.hcl', 'punctuation.separator.key-value.hcl']);
    expectEdge('bad =', '\\q', ['string.quoted.double.hcl', 'invalid.illegal.character.escape.hcl']);
    expectEdge('inline', ' inline ', ['comment.block.hcl']);
    expectEdge('inline', '1', ['constant.numeric.integer.hcl']);
    expectEdge('inline', ' trailing', ['comment.line.double-slash.hcl']);
  });
});

// ---------------------------------------------------------------------------------------------
// Suppression comments, injected into YAML, HCL and TypeScript comments

const DIRECTIVE = 'encryption-lint-disable-next-line S3-004, s3-bucket-key -- legacy writer';

const EXPECTED_DIRECTIVE: Array<[string, string]> = [
  ['encryption-lint-disable-next-line', 'keyword.control.directive.encryption-lint'],
  ['S3-004', 'constant.language.rule-id.encryption-lint'],
  [',', 'punctuation.separator.comma.encryption-lint'],
  ['s3-bucket-key', 'constant.language.rule-id.encryption-lint'],
  ['--', 'punctuation.separator.reason.encryption-lint'],
  ['legacy writer', 'string.unquoted.reason.encryption-lint'],
];

const META = 'meta.directive.suppression.encryption-lint';

/** Checks the directive's tokens, each nested in the host's comment scopes. */
function expectDirective(tokens: Token[], commentScopes: string[]): void {
  expect(injectedTokens(tokens)).toEqual(EXPECTED_DIRECTIVE);
  for (const [text, scope] of EXPECTED_DIRECTIVE) {
    const token = tokens.find((candidate) => candidate.text === text);
    expect(token?.scopes, text).toEqual([...commentScopes, META, scope]);
  }
}

describe('suppression injection (encryption-lint.suppression.injection)', () => {
  it('is contributed with an injectionSelector for line and block comments and injects into YAML, HCL and TypeScript', () => {
    const injection = contributed.find((grammar) => grammar.scopeName === INJECTION);
    expect(injection?.injectTo).toEqual(expect.arrayContaining(['source.yaml', HCL, 'source.ts']));
    const raw = JSON.parse(readFileSync(GRAMMAR_FILES[INJECTION], 'utf8')) as { scopeName: string; injectionSelector: string };
    expect(raw.scopeName).toBe(INJECTION);
    expect(raw.injectionSelector).toContain('L:comment.line');
    expect(raw.injectionSelector).toContain('L:comment.block');
    for (const contribution of contributed) {
      const file = JSON.parse(readFileSync(join(ROOT, contribution.path), 'utf8')) as { scopeName: string };
      expect(file.scopeName, contribution.path).toBe(contribution.scopeName);
    }
  });

  describe('YAML host', () => {
    const YAML = [
      `# ${DIRECTIVE}`,
      'Resources:',
      '  LegacyBucket:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketKeyEnabled: false # encryption-lint-disable-line S3-003 -- cost accepted',
      `      Description: "${DIRECTIVE}"`,
      `      Other: ${DIRECTIVE}`,
      `      Quoted: '# ${DIRECTIVE}'`,
      '# see encryption-lint-disable-next-line in the docs',
      '## encryption-lint-disable-line S3-004',
      '#encryption-lint-disable-line KMS-001',
      '# note # encryption-lint-disable-line S3-001 -- after other text',
    ].join('\n');
    let doc: Tokenized;
    beforeAll(async () => {
      doc = tokenize(await grammar('source.yaml'), YAML);
    });

    it('scopes the directive, both rule IDs, the separator and the reason', () => {
      expectDirective(doc.tokens[0], ['source.yaml', 'comment.line.number-sign.yaml']);
      expect(scopesAt(doc, 0, '#')).toEqual(['source.yaml', 'comment.line.number-sign.yaml', 'punctuation.definition.comment.yaml']);
      expect(doc.depths.every((depth) => depth === 1)).toBe(true);
    });

    it('scopes a directive after a value on the same line', () => {
      expect(injectedTokens(doc.tokens[lineOf(doc, 'BucketKeyEnabled')])).toEqual([
        ['encryption-lint-disable-line', 'keyword.control.directive.encryption-lint'],
        ['S3-003', 'constant.language.rule-id.encryption-lint'],
        ['--', 'punctuation.separator.reason.encryption-lint'],
        ['cost accepted', 'string.unquoted.reason.encryption-lint'],
      ]);
      expect(scopesOf(doc, 'BucketKeyEnabled', 'false')).toEqual(['source.yaml', 'string.unquoted.plain.out.yaml']);
    });

    it('gives the same words outside a comment no injection scope', () => {
      for (const marker of ['Description:', 'Other:', 'Quoted:']) {
        const tokens = doc.tokens[lineOf(doc, marker)];
        expect(tokens.flatMap((token) => token.scopes).filter(isInjected), marker).toEqual([]);
      }
      expect(scopesOf(doc, 'Description:', DIRECTIVE)).toEqual(['source.yaml', 'string.quoted.double.yaml']);
      expect(scopesOf(doc, 'Other:', DIRECTIVE)).toEqual(['source.yaml', 'string.unquoted.plain.out.yaml']);
    });

    it('follows the linter: the directive must come right after `#` (or `#` after white space)', () => {
      expect(injectedTokens(doc.tokens[lineOf(doc, '# see encryption-lint')])).toEqual([]);
      expect(injectedTokens(doc.tokens[lineOf(doc, '## encryption-lint')])).toEqual([]);
      expect(injectedTokens(doc.tokens[lineOf(doc, '#encryption-lint')])).toEqual([
        ['encryption-lint-disable-line', 'keyword.control.directive.encryption-lint'],
        ['KMS-001', 'constant.language.rule-id.encryption-lint'],
      ]);
      expect(injectedTokens(doc.tokens[lineOf(doc, '# note #')])).toEqual([
        ['encryption-lint-disable-line', 'keyword.control.directive.encryption-lint'],
        ['S3-001', 'constant.language.rule-id.encryption-lint'],
        ['--', 'punctuation.separator.reason.encryption-lint'],
        ['after other text', 'string.unquoted.reason.encryption-lint'],
      ]);
    });

    it('is what scopes the directive: without the injection the comment is plain', async () => {
      const plain = tokenize(await grammar('source.yaml', false), `# ${DIRECTIVE}`);
      expect(plain.tokens[0].map((token) => [token.text, token.scopes])).toEqual([
        ['#', ['source.yaml', 'comment.line.number-sign.yaml', 'punctuation.definition.comment.yaml']],
        [` ${DIRECTIVE}`, ['source.yaml', 'comment.line.number-sign.yaml']],
      ]);
    });
  });

  describe('HCL host (this package\'s grammar)', () => {
    const TF = [
      `# ${DIRECTIVE}`,
      'resource "aws_s3_bucket" "legacy" {',
      `  // ${DIRECTIVE}`,
      '  bucket_key_enabled = false # encryption-lint-disable-line S3-003 -- small bucket',
      `  description = "# ${DIRECTIVE}"`,
      '  policy = <<EOT',
      `# ${DIRECTIVE}`,
      'EOT',
      '  /* // encryption-lint-disable-line S3-001 -- in a block comment */ tags = {}',
      '}',
      '/*',
      `  // ${DIRECTIVE}`,
      '*/',
    ].join('\n');
    let doc: Tokenized;
    beforeAll(async () => {
      doc = tokenize(await grammar(HCL), TF);
    });

    it('scopes the directive in `#` and `//` comments', () => {
      expectDirective(doc.tokens[0], [HCL, 'comment.line.number-sign.hcl']);
      expect(doc.lines[2]).toBe(`  // ${DIRECTIVE}`);
      expectDirective(doc.tokens[2], [HCL, 'meta.block.hcl', 'comment.line.double-slash.hcl']);
      expect(injectedTokens(doc.tokens[lineOf(doc, 'bucket_key_enabled')]).map(([text]) => text)).toEqual([
        'encryption-lint-disable-line',
        'S3-003',
        '--',
        'small bucket',
      ]);
      expect(scopesOf(doc, 'bucket_key_enabled', 'false')).toEqual([HCL, 'meta.block.hcl', 'constant.language.boolean.hcl']);
    });

    it('gives strings and heredoc text no injection scope', () => {
      expect(doc.lines[4]).toBe(`  description = "# ${DIRECTIVE}"`);
      expect(doc.lines[6]).toBe(`# ${DIRECTIVE}`);
      for (const index of [4, 6]) {
        expect(doc.tokens[index].flatMap((token) => token.scopes).filter(isInjected), doc.lines[index]).toEqual([]);
      }
      expect(scopesAt(doc, 4, `# ${DIRECTIVE}`)).toEqual([HCL, 'meta.block.hcl', 'string.quoted.double.hcl']);
      expect(doc.tokens[6]).toEqual([{ text: `# ${DIRECTIVE}`, scopes: [HCL, 'meta.block.hcl', 'string.unquoted.heredoc.hcl'] }]);
    });

    it('stops before `*/` in a block comment, so the comment still closes', () => {
      const marker = '/* // encryption-lint-disable-line S3-001';
      expect(injectedTokens(doc.tokens[lineOf(doc, marker)])).toEqual([
        ['encryption-lint-disable-line', 'keyword.control.directive.encryption-lint'],
        ['S3-001', 'constant.language.rule-id.encryption-lint'],
        ['--', 'punctuation.separator.reason.encryption-lint'],
        ['in a block comment ', 'string.unquoted.reason.encryption-lint'],
      ]);
      expect(scopesOf(doc, marker, '*/')).toEqual([HCL, 'meta.block.hcl', 'comment.block.hcl', 'punctuation.definition.comment.end.hcl']);
      expect(scopesOf(doc, marker, 'tags')).toEqual([HCL, 'meta.block.hcl', 'variable.other.readwrite.hcl']);
      expectDirective(doc.tokens[doc.lines.length - 2], [HCL, 'comment.block.hcl']);
      expect(doc.depths[doc.depths.length - 1]).toBe(1);
    });
  });

  describe('TypeScript host', () => {
    const TS = [
      `// ${DIRECTIVE}`,
      "new s3.Bucket(this, 'Logs', { bucketKeyEnabled: false }); // encryption-lint-disable-line S3-003 -- cost accepted",
      `const reason = '// ${DIRECTIVE}';`,
      `const other = "${DIRECTIVE}";`,
      '/// encryption-lint-disable-line S3-001',
      '/* encryption-lint-disable-line S3-001 -- not after a line-comment marker */',
      `    // ${DIRECTIVE}`,
    ].join('\n');
    let doc: Tokenized;
    beforeAll(async () => {
      doc = tokenize(await grammar('source.ts'), TS);
    });

    it('scopes the directive in `//` comments', () => {
      expectDirective(doc.tokens[0], ['source.ts', 'comment.line.double-slash.ts']);
      expectDirective(doc.tokens[6], ['source.ts', 'comment.line.double-slash.ts']);
      expect(injectedTokens(doc.tokens[1]).map(([text]) => text)).toEqual(['encryption-lint-disable-line', 'S3-003', '--', 'cost accepted']);
      expect(doc.depths.every((depth) => depth === 1)).toBe(true);
    });

    it('gives strings, `///` and a directive not right after `//` no injection scope', () => {
      for (const index of [2, 3, 4, 5]) {
        expect(doc.tokens[index].flatMap((token) => token.scopes).filter(isInjected), doc.lines[index]).toEqual([]);
      }
      expect(scopesOf(doc, 'const reason', `// ${DIRECTIVE}`)).toEqual(['source.ts', 'string.quoted.single.ts']);
    });
  });
});
