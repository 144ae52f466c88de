import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { ConfigError, LineIndex, lintBytes, looksLikeTemplateText, RuleRegistry, resolveConfig, severityRank } from '../engine';
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
  for (const file of files) {
    const display = relative(io.cwd, file).split(sep).join('/') || file;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      reports.push({ file: display, findings: [], errors: [{ message: `cannot read: ${(error as Error).message}`, range: undefined }], lines: emptyLines() });
      continue;
    }
    const result = lintBytes(file, bytes, config);
    if (!explicit.has(file) && result.errors.some((error) => error.unreadable === 'too-large') && !looksLikeTemplateText(headOf(bytes))) {
      // A large data file met while searching a folder (a big package-lock.json, say) is not a template: skip it quietly.
      continue;
    }
    if (result.status === 'template') templates++;
    const findings = options.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings;
    reports.push({ file: display, findings, errors: result.errors, lines: result.lines });
  }
  const summary = { files: templates, durationMs: Math.round(performance.now() - started) };
  if (options.format === 'json') io.stdout(formatJson(reports, summary, TOOL_VERSION));
  else {
    const color = options.color ?? (io.isTty && !io.env.NO_COLOR);
    const whyOf = (id: string) => registry.find(id)?.meta.why;
    const text = formatStylish(reports, summary, { color, whyOf });
    if (!options.quiet || reports.some((report) => report.findings.length + report.errors.length > 0)) io.stdout(text);
  }
  const threshold = severityRank(options.severityThreshold);
  const failing = reports.some(
    (report) => report.errors.length > 0 || report.findings.some((finding) => severityRank(finding.severity) >= threshold),
  );
  return failing ? 1 : 0;
}

/** The first 64 KB of a file as text, enough to tell whether it looks like a template. */
function headOf(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024));
}

function emptyLines(): LineIndex {
  return new LineIndex('');
}
