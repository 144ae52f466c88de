import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Rule pages ship with the extension and the npm package (`rules/<name>.md`, next to `dist/`), so a
 * diagnostic's `codeDescription.href` opens the page for the exact version in use, offline.
 */
export function ruleDocsUri(ruleName: string, baseDir: string): string | undefined {
  const page = ruleName === 'suppression-without-reason' || ruleName === 'unused-suppression' ? 'suppressions' : ruleName;
  const path = join(baseDir, 'rules', `${page}.md`);
  return existsSync(path) ? pathToFileURL(path).href : undefined;
}
