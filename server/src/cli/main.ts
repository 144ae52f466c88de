import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import {
  ConfigError,
  decodeSource,
  fixText,
  LineIndex,
  lintBytes,
  lintText,
  looksLikeTemplateText,
  parseTemplateText,
  RuleRegistry,
  resolveConfig,
  severityRank,
  unifiedDiff,
} from '../engine';
import type { ResolvedConfig } from '../engine';
import type { FileReport } from '../engine/report/file-report';
import { formatJson } from '../engine/report/json-reporter';
import { formatStylish } from '../engine/report/stylish-reporter';
import { RULES } from '../../../rules';
import { parseArgs, USAGE, UsageError } from './args';
import type { CliOptions } from './args';
import { discoverFiles } from './discover';

declare const __TOOL_VERSION__: string;
/** Injected by the bundler from package.json; tests run from source. */
export const TOOL_VERSION = typeof __TOOL_VERSION__ === 'string' ? __TOOL_VERSION__ : '0.0.0-dev';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  env: Record<string, string | undefined>;
}

/** Runs `lsp-lint` and returns its exit code: 0 clean, 1 findings or unreadable templates, 2 usage/config/internal error. */
export function runCli(argv: string[], io: CliIo): number {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`lsp-lint: ${error.message}\nRun lsp-lint --help for usage.\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (options.version) {
    io.stdout(`${TOOL_VERSION}\n`);
    return 0;
  }
  const registry = new RuleRegistry(RULES);
  let config: ResolvedConfig;
  try {
    config = resolveConfig(registry, { profile: options.profile, rules: options.rules });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`lsp-lint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    return lintPaths(options, config, registry, io);
  } catch (error) {
    io.stderr(`lsp-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

function lintPaths(options: CliOptions, config: ResolvedConfig, registry: RuleRegistry, io: CliIo): number {
  const started = performance.now();
  const { files, missing, explicit } = discoverFiles(options.paths, io.cwd);
  if (missing.length > 0) {
    io.stderr(`lsp-lint: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }
  const reports: FileReport[] = [];
  let templates = 0;
  let fixesApplied = 0;
  let filesFixed = 0;
  for (const file of files) {
    const display = relative(io.cwd, file).split(sep).join('/') || file;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      reports.push({ file: display, findings: [], errors: [{ message: `cannot read: ${(error as Error).message}`, range: undefined }], lines: emptyLines() });
      continue;
    }
    let result = lintBytes(file, bytes, config);
    if (options.fix && result.status === 'template' && result.errors.length === 0) {
      const outcome = applyFixes(file, display, bytes, config, options, io);
      result = outcome.result;
      fixesApplied += outcome.applied;
      if (outcome.applied > 0) filesFixed++;
    }
    if (!explicit.has(file) && result.errors.some((error) => error.unreadable === 'too-large') && !looksLikeTemplateText(headOf(bytes))) {
      // A large data file met while searching a folder (a big package-lock.json, say) is not a template: skip it quietly.
      continue;
    }
    if (result.status === 'template') templates++;
    const findings = options.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings;
    reports.push({ file: display, findings, errors: result.errors, lines: result.lines });
  }
  const summary = { files: templates, durationMs: Math.round(performance.now() - started) };
  if (options.fix) {
    const verb = options.fixDryRun ? 'would apply' : 'applied';
    io.stderr(`lsp-lint: ${verb} ${fixesApplied} fix${fixesApplied === 1 ? '' : 'es'} in ${filesFixed} file${filesFixed === 1 ? '' : 's'}\n`);
  }
  if (options.fixDryRun) {
    // The diff is the output; positions of the remaining findings would refer to text not written.
  } else if (options.format === 'json') io.stdout(formatJson(reports, summary, TOOL_VERSION));
  else {
    const color = options.color ?? (io.isTty && !io.env.NO_COLOR);
    const whyOf = (id: string, messageId: string) => {
      const meta = registry.find(id)?.meta;
      return meta?.messages[messageId]?.why ?? meta?.why;
    };
    const text = formatStylish(reports, summary, { color, whyOf });
    if (!options.quiet || reports.some((report) => report.findings.length + report.errors.length > 0)) io.stdout(text);
  }
  const threshold = severityRank(options.severityThreshold);
  const failing = reports.some(
    (report) => report.errors.length > 0 || report.findings.some((finding) => severityRank(finding.severity) >= threshold),
  );
  return failing ? 1 : 0;
}

/**
 * Fixes one template: writes it atomically (temporary file + rename, mode kept), or prints the diff
 * for --fix-dry-run. Reports what remains to be fixed. A result that would not parse is not written.
 */
function applyFixes(file: string, display: string, bytes: Uint8Array, config: ResolvedConfig, options: CliOptions, io: CliIo) {
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { result: lintBytes(file, bytes, config), applied: 0 };
  const fixed = fixText(file, decoded.text, config, options.fix!);
  if (fixed.applied === 0) return { result: fixed.result, applied: 0 };
  if (parseTemplateText(file, fixed.text).errors.length > 0) {
    const result = lintText(file, decoded.text, config);
    result.errors.push({ message: 'fixes would leave this file unparseable; it was left untouched', range: undefined });
    return { result, applied: 0 };
  }
  if (options.fixDryRun) io.stdout(unifiedDiff(display, decoded.text, fixed.text));
  else writeAtomically(file, (decoded.hadBom ? '\uFEFF' : '') + fixed.text);
  return { result: fixed.result, applied: fixed.applied };
}

/** Temporary file in the same folder, then rename: a crash never leaves a half-written template. */
function writeAtomically(file: string, text: string): void {
  const mode = statSync(file).mode & 0o7777;
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.encryption-lint.tmp`);
  try {
    writeFileSync(temporary, text, { mode });
    chmodSync(temporary, mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The first 64 KB of a file as text, enough to tell whether it looks like a template. */
function headOf(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024));
}

function emptyLines(): LineIndex {
  return new LineIndex('');
}
