import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Folders never searched: dependencies, VCS data and CDK's synthesized output. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'cdk.out']);
const CANDIDATE = /\.(ya?ml|json|template)$/i;

export interface Discovery {
  files: string[];
  missing: string[];
  /** Files named on the command line (not found by searching a folder). */
  explicit: Set<string>;
}

/**
 * Expands the given paths: files are taken as they are (whatever their extension), folders are
 * searched for candidate files. The result is sorted and free of duplicates.
 */
export function discoverFiles(paths: string[], cwd: string): Discovery {
  const files = new Set<string>();
  const missing: string[] = [];
  const explicit = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      missing.push(path);
      continue;
    }
    if (stats.isDirectory()) walk(absolute, files);
    else {
      files.add(absolute);
      explicit.add(absolute);
    }
  }
  return { files: [...files].sort(), missing, explicit };
}

function walk(folder: string, files: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(join(folder, entry.name), files);
    } else if (entry.isFile() && CANDIDATE.test(entry.name)) {
      files.add(join(folder, entry.name));
    }
  }
}
