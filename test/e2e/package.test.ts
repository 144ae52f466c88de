import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const VSIX = join(ROOT, 'dist', 'encryption-lint.vsix');

describe('the VS Code extension package', () => {
  it('builds with vsce, stays under 8 MB and carries the client, the server, the rule pages and the grammars', () => {
    execFileSync('npm', ['run', 'package'], { cwd: ROOT, stdio: 'pipe' });
    const size = statSync(VSIX).size;
    expect(size).toBeLessThan(8 * 1024 * 1024);
    const listing = execFileSync('unzip', ['-l', VSIX], { encoding: 'utf8' });
    for (const file of [
      'extension/package.json',
      'extension/dist/client/extension.js',
      'extension/dist/server.js',
      'extension/rules/s3-bucket-key.md',
      'extension/rules/suppressions.md',
      'extension/syntaxes/hcl.tmLanguage.json',
      'extension/syntaxes/suppression-injection.tmLanguage.json',
    ]) {
      expect(listing, file).toContain(file);
    }
    expect(listing).not.toMatch(/node_modules|\.map\b|fixtures\//);
    console.log(`encryption-lint.vsix: ${(size / 1024).toFixed(0)} KB`);
  }, 120_000);
});
