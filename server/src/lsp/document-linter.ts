import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult, ResolvedConfig } from '../engine';
import { IncrementalYamlParser, lintText, syntaxOf } from '../engine';

/** Path whose extension tells the engine the syntax, from the client's language id when it says. */
export function lintPathOf(document: TextDocument): string {
  const path = decodeURIComponent(document.uri.replace(/^[a-z]+:\/\//i, ''));
  if (document.languageId === 'json' || document.languageId === 'jsonc') return /\.json$/i.test(path) ? path : `${path}.json`;
  if (document.languageId === 'yaml') return /\.ya?ml$/i.test(path) ? path : `${path}.yaml`;
  return path;
}

/**
 * CloudFormation is YAML or JSON. Terraform and CDK documents are synced for the coming adapters
 * but not parsed yet: trying YAML on them at every keystroke would only waste time.
 */
export function isLintable(document: TextDocument): boolean {
  if (['terraform', 'hcl', 'typescript', 'javascript'].includes(document.languageId)) return false;
  return !/\.(tf|tfvars|hcl|[cm]?[jt]sx?)$/i.test(document.uri);
}

/**
 * Lints one document version. YAML documents being edited keep an incremental parser, so a
 * keystroke re-parses one resource, not the whole template; JSON is fast enough to parse whole.
 */
export function lintDocument(document: TextDocument, config: ResolvedConfig, parsers: RecentCache<IncrementalYamlParser>): LintResult {
  const path = lintPathOf(document);
  const text = document.getText();
  if (syntaxOf(path, text) !== 'yaml') return lintText(path, text, config);
  let parser = parsers.get(document.uri);
  if (!parser) {
    parser = new IncrementalYamlParser();
    parsers.set(document.uri, parser);
  }
  const incremental = parser;
  return lintText(path, text, config, { parse: (_path, body) => incremental.parse(body) });
}

/** A small most-recently-used cache: hovers reuse a document's analysis, memory stays bounded with many files open. */
export class RecentCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
