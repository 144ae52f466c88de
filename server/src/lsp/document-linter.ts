import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult, ResolvedConfig } from '../engine';
import { IncrementalYamlParser, lintText, syntaxOf } from '../engine';

/**
 * The document's path, from which the engine takes the syntax as the CLI does: `.json` is JSON,
 * `.yaml`/`.yml` YAML, anything else (`.template`, an untitled buffer) by its first character. The
 * client's language id is not trusted for this: users map `*.template` to YAML while many
 * templates of that name are JSON, and YAML edits would break them.
 */
export function lintPathOf(document: TextDocument): string {
  return decodeURIComponent(document.uri.replace(/^[a-z]+:\/\//i, ''));
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
