// encryption-lint benchmark. Run with `npm run bench` (builds first), on an otherwise idle machine.
//
//   1. generates (or reuses) a deterministic CloudFormation corpus under .bench/ (see corpus-files.mjs)
//   2. measures CLI cold start, CLI throughput + peak RSS over the 1,000 templates, and in-process
//      lint ÷ parse-only with dist/bench/engine.js (engine-bench.mjs, in a child process)
//   3. prints one JSON object, then a table, to stdout; writes the JSON to .bench/results.json
//
// Exit code: 0 when every run worked (even if a target is missed: the numbers are the deliverable);
// 1 when a CLI run crashed or printed invalid JSON, or the engine could not lint a generated template.
// Options: --regenerate (rebuild the corpus even if the manifest matches)

import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus } from './corpus-files.mjs';
import { measureLanguageServer } from './lsp-bench.mjs';
import { elapsedMs, median, percentile, round } from './stats.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const CLI = 'bin/lsp-lint.js';
const RSS_HOOK = join(HERE, 'report-rss.cjs');
const COLD_RUNS = 15;
const COLD_WARMUPS = 2;
const THROUGHPUT_RUNS = 3;
const TARGETS = { coldStartMedianMs: 300, lintOverParse: 1.5, editToDiagnosticsP95Ms: 100, startToFirstDiagnosticsMs: 500, rssAfterOpeningMb: 150 };

const failures = [];
const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const fail = (message) => {
  failures.push(message);
  log(`FAIL: ${message}`);
};

/** Runs the CLI with --format json; checks the exit code and the JSON. Returns wall time and report. */
function runCli(paths, { nodeArgs = [], expectFiles } = {}) {
  const args = [...nodeArgs, CLI, ...paths, '--format', 'json'];
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = elapsedMs(start);
  const label = `node ${args.map((arg) => (arg.startsWith('/') ? relative(ROOT, arg) : arg)).join(' ')}`;
  if (child.error) {
    fail(`${label}: ${child.error.message}`);
    return { ok: false, wallMs };
  }
  // 0: no findings at the threshold, 1: findings; anything else (2, a signal) is a failed run.
  if (child.status !== 0 && child.status !== 1) {
    fail(`${label}: exit ${child.status ?? child.signal}: ${child.stderr.trim().slice(0, 500)}`);
    return { ok: false, wallMs };
  }
  let report;
  try {
    report = JSON.parse(child.stdout);
  } catch (error) {
    fail(`${label}: output is not valid JSON (${error.message.split("\n")[0]}); first bytes: ${JSON.stringify(child.stdout.slice(0, 80))}`);
    return { ok: false, wallMs };
  }
  if (report.version !== 1 || !Array.isArray(report.findings) || !report.summary) {
    fail(`${label}: JSON output does not have the version 1 shape`);
    return { ok: false, wallMs };
  }
  if (report.errors.length > 0) fail(`${label}: ${report.errors.length} file error(s), first: ${JSON.stringify(report.errors[0])}`);
  if (expectFiles !== undefined && report.summary.files !== expectFiles) fail(`${label}: linted ${report.summary.files} templates, expected ${expectFiles}`);
  let peakRssKb;
  for (const line of child.stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line);
      if (typeof parsed.benchPeakRssKb === 'number') peakRssKb = parsed.benchPeakRssKb;
    } catch {
      // not our line
    }
  }
  if (nodeArgs.includes(RSS_HOOK) && peakRssKb === undefined) fail(`${label}: no peak RSS line on stderr`);
  return { ok: true, wallMs, report, peakRssKb, outputBytes: Buffer.byteLength(child.stdout), exitCode: child.status };
}

function measureColdStart(smallPath, smallLines) {
  log(`cold start: ${COLD_WARMUPS} warm-ups + ${COLD_RUNS} runs on ${relative(ROOT, smallPath)}`);
  const samples = [];
  for (let i = 0; i < COLD_WARMUPS + COLD_RUNS; i++) {
    const run = runCli([relative(ROOT, smallPath)], { expectFiles: 1 });
    if (!run.ok) return undefined;
    if (i >= COLD_WARMUPS) samples.push(run.wallMs);
  }
  // One more run with the RSS hook, for the baseline memory of a one-file run.
  const rssRun = runCli([relative(ROOT, smallPath)], { nodeArgs: ['--require', RSS_HOOK], expectFiles: 1 });
  return {
    file: relative(ROOT, smallPath),
    lines: smallLines,
    runs: COLD_RUNS,
    warmups: COLD_WARMUPS,
    medianMs: round(median(samples), 1),
    p95Ms: round(percentile(samples, 95), 1),
    percentileMethod: 'linear interpolation between closest ranks',
    minMs: round(Math.min(...samples), 1),
    maxMs: round(Math.max(...samples), 1),
    samplesMs: samples.map((v) => round(v, 1)),
    peakRssMb: rssRun.peakRssKb === undefined ? null : round(rssRun.peakRssKb / 1024, 1),
  };
}

function measureThroughput(templatesDir, files, lines) {
  const target = relative(ROOT, templatesDir);
  log(`throughput: 1 warm-up + ${THROUGHPUT_RUNS} runs of the CLI over ${target} (${files} files, ${lines} lines)`);
  const runs = [];
  for (let i = 0; i < THROUGHPUT_RUNS + 1; i++) {
    const run = runCli([target], { nodeArgs: ['--require', RSS_HOOK], expectFiles: files });
    if (!run.ok) return undefined;
    if (i > 0) runs.push(run);
  }
  runs.sort((a, b) => a.wallMs - b.wallMs);
  const mid = runs[Math.floor(runs.length / 2)];
  const seconds = mid.wallMs / 1000;
  const rss = runs.map((run) => run.peakRssKb).filter((v) => v !== undefined);
  return {
    folder: target,
    files,
    lines,
    runs: THROUGHPUT_RUNS,
    wallMs: round(mid.wallMs, 1),
    wallSamplesMs: runs.map((run) => round(run.wallMs, 1)),
    filesPerSec: round(files / seconds, 1),
    linesPerSec: Math.round(lines / seconds),
    cliReportedDurationMs: mid.report.summary.durationMs,
    findings: mid.report.summary.findings,
    outputMb: round(mid.outputBytes / (1024 * 1024), 2),
    peakRssMb: mid.peakRssKb === undefined ? null : round(mid.peakRssKb / 1024, 1),
    peakRssMaxMb: rss.length ? round(Math.max(...rss) / 1024, 1) : null,
  };
}

function measureInProcess(paths) {
  log('in-process: lint vs parse-only (dist/bench/engine.js), 1 warm-up + 5 rounds; huge files 7 samples');
  const args = [join(HERE, 'engine-bench.mjs'), '--templates', paths.templates, '--huge-yaml', paths.hugeYaml, '--huge-json', paths.hugeJson];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  let result;
  try {
    result = JSON.parse(child.stdout);
  } catch {
    fail(`engine-bench.mjs: exit ${child.status ?? child.signal}, no JSON result`);
    return undefined;
  }
  for (const problem of result.problems) fail(`engine could not lint ${relative(ROOT, problem.file)} (${problem.stage}): ${JSON.stringify(problem.errors ?? problem.status)}`);
  if (child.status !== 0 && result.problems.length === 0) fail(`engine-bench.mjs: exit ${child.status ?? child.signal}`);
  return result;
}

const pass = (ok) => (ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL');

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

function printTable(results) {
  const { coldStart: cold, throughput: tp, inProcess: ip, targets, languageServer: ls } = results;
  const c = ip?.corpus;
  const h = ip?.huge;
  const fmt = (value, unit = '') => (value === undefined || value === null ? 'n/a' : `${value}${unit}`);
  const rows = [
    ['Measure', 'Value', 'Target', 'Result'],
    ['Cold start, median (1 file, ' + fmt(cold?.lines) + ' lines)', fmt(cold?.medianMs, ' ms'), `<= ${TARGETS.coldStartMedianMs} ms`, pass(targets.coldStartMedian.pass)],
    ['Cold start, p95', fmt(cold?.p95Ms, ' ms'), '', ''],
    ['Throughput, 1,000 files (CLI wall)', fmt(tp?.wallMs, ' ms'), '', ''],
    ['  files/s', fmt(tp?.filesPerSec), '', ''],
    ['  lines/s', fmt(tp?.linesPerSec), '', ''],
    ['  peak RSS', fmt(tp?.peakRssMb, ' MB'), '', ''],
    ['Lint / parse-only, overall', fmt(c?.all.lintOverParse), `<= ${TARGETS.lintOverParse}`, pass(targets.lintOverParseOverall.pass)],
    ['  YAML files (' + fmt(c?.yaml.files) + ')', fmt(c?.yaml.lintOverParse), '', ''],
    ['  JSON files (' + fmt(c?.json.files) + ')', fmt(c?.json.lintOverParse), '', ''],
    ['  parse / lint ms, all 1,000', c ? `${c.all.parseMs} / ${c.all.lintMs}` : 'n/a', '', ''],
    ['Huge YAML (' + fmt(h?.yaml?.lines) + ' lines): parse / lint ms', h?.yaml ? `${h.yaml.parseMs} / ${h.yaml.lintMs}` : 'n/a', '', ''],
    ['  lint / parse-only', fmt(h?.yaml?.lintOverParse), `<= ${TARGETS.lintOverParse}`, pass(targets.lintOverParseHugeYaml.pass)],
    ['Huge JSON twin (' + fmt(h?.json?.lines) + ' lines): parse / lint ms', h?.json ? `${h.json.parseMs} / ${h.json.lintMs}` : 'n/a', '', ''],
    ['  lint / parse-only', fmt(h?.json?.lintOverParse), '', ''],
    ['Parse speed, corpus YAML / JSON', results.parseSpeed ? `${results.parseSpeed.corpus.yamlLinesPerMs} / ${results.parseSpeed.corpus.jsonLinesPerMs} lines/ms` : 'n/a', '', ''],
    ['Parse speed, huge YAML / JSON twin', results.parseSpeed?.huge ? `${results.parseSpeed.huge.yamlLinesPerMs} / ${results.parseSpeed.huge.jsonLinesPerMs} lines/ms` : 'n/a', '', ''],
    ['  same template, YAML parse / JSON parse', results.parseSpeed?.huge ? `${results.parseSpeed.huge.yamlOverJsonParseTime}x` : 'n/a', '', ''],
    ['Language server: start -> first diagnostics, median', fmt(ls?.startToFirstDiagnostics.medianMs, ' ms'), `<= ${TARGETS.startToFirstDiagnosticsMs} ms`, pass(targets.startToFirstDiagnostics.pass)],
    ['  edit -> diagnostics, ' + fmt(ls?.editToDiagnostics.lines) + ' lines, p50', fmt(ls?.editToDiagnostics.p50Ms, ' ms'), '', ''],
    ['  edit -> diagnostics, p95 (' + fmt(ls?.editToDiagnostics.keystrokes) + ' keystrokes)', fmt(ls?.editToDiagnostics.p95Ms, ' ms'), `<= ${TARGETS.editToDiagnosticsP95Ms} ms`, pass(targets.editToDiagnosticsP95.pass)],
    ['  RSS with 1,000 templates open (just linted)', fmt(ls?.memoryAfterOpening.rssWhenLastDiagnosticsArrivedMb, ' MB'), `<= ${TARGETS.rssAfterOpeningMb} MB`, pass(targets.rssAfterOpening1000.pass)],
    ['  RSS 1.5 s later (idle)', fmt(ls?.memoryAfterOpening.rssMb, ' MB'), '', ''],
  ];
  process.stdout.write(`\n${table(rows)}\n`);
  process.stdout.write(`\n${results.environment.node} on ${results.environment.cpuModel} (${results.environment.cores} cores), load ${results.environment.loadAverageAtStart.join(' ')}; corpus ${results.corpus.contentHash.slice(0, 16)} (${results.corpus.generated ? 'generated' : 'reused'})\n`);
  if (failures.length > 0) process.stdout.write(`\n${failures.length} failure(s):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
}

async function main() {
  const startedAt = new Date();
  const totalStart = process.hrtime.bigint();
  const regenerate = process.argv.includes('--regenerate');
  for (const built of ['dist/cli.js', 'dist/server.js', 'dist/bench/engine.js']) {
    if (!existsSync(join(ROOT, built))) {
      log(`${built} is missing: run npm run build (npm run bench does it)`);
      process.exit(1);
    }
  }
  const loadAverageAtStart = os.loadavg().map((v) => round(v, 2));
  if (loadAverageAtStart[0] > 0.5) log(`warning: load average ${loadAverageAtStart[0]}; figures are only meaningful on an idle machine`);

  const { paths, manifest, generated, generateMs } = ensureCorpus(ROOT, { regenerate });
  log(`corpus ${generated ? `generated in ${Math.round(generateMs)} ms` : 'reused'}: ${manifest.stats.templates} templates (${manifest.stats.yamlFiles} YAML, ${manifest.stats.jsonFiles} JSON), ${manifest.stats.lines} lines, hash ${manifest.contentHash.slice(0, 16)}`);
  const smallLines = manifest.stats.smallLines;

  const coldStart = measureColdStart(paths.small, smallLines);
  const throughput = measureThroughput(paths.templates, manifest.stats.templates, manifest.stats.lines);
  const inProcess = measureInProcess(paths);
  let languageServer;
  try {
    log('language server: start, edit latency on 5,000 lines, memory with 1,000 templates open');
    languageServer = await measureLanguageServer(ROOT, paths);
  } catch (error) {
    fail(`language server measurement failed: ${error instanceof Error ? error.message : error}`);
  }

  const c = inProcess?.corpus;
  const h = inProcess?.huge;
  const parseSpeed = c && {
    corpus: {
      yamlLinesPerMs: c.yaml.parseLinesPerMs,
      jsonLinesPerMs: c.json.parseLinesPerMs,
      jsonOverYamlSpeed: round(c.json.parseLinesPerMs / c.yaml.parseLinesPerMs, 2),
      yamlKbPerMs: round(c.yaml.bytes / 1024 / c.yaml.parseMs, 1),
      jsonKbPerMs: round(c.json.bytes / 1024 / c.json.parseMs, 1),
    },
    huge: h?.yaml && h?.json && {
      yamlLinesPerMs: h.yaml.parseLinesPerMs,
      jsonLinesPerMs: h.json.parseLinesPerMs,
      jsonOverYamlSpeed: round(h.json.parseLinesPerMs / h.yaml.parseLinesPerMs, 2),
      yamlOverJsonParseTime: round(h.yaml.parseMs / h.json.parseMs, 2),
    },
  };
  const check = (value, limit) => ({ value: value ?? null, limit, pass: value === undefined ? undefined : value <= limit });
  const results = {
    benchmark: 'encryption-lint',
    date: startedAt.toISOString(),
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      totalMemMb: Math.round(os.totalmem() / (1024 * 1024)),
      loadAverageAtStart,
    },
    corpus: {
      generated,
      generateMs: Math.round(generateMs),
      contentHash: manifest.contentHash,
      generatorHash: manifest.generatorHash,
      seed: manifest.seed,
      ...manifest.stats,
      paths: {
        templates: relative(ROOT, paths.templates),
        hugeYaml: relative(ROOT, paths.hugeYaml),
        hugeJson: relative(ROOT, paths.hugeJson),
        small: relative(ROOT, paths.small),
      },
    },
    coldStart: coldStart ?? null,
    throughput: throughput ?? null,
    inProcess: inProcess ?? null,
    parseSpeed: parseSpeed ?? null,
    languageServer: languageServer ?? null,
    targets: {
      editToDiagnosticsP95: check(languageServer?.editToDiagnostics.p95Ms, TARGETS.editToDiagnosticsP95Ms),
      startToFirstDiagnostics: check(languageServer?.startToFirstDiagnostics.medianMs, TARGETS.startToFirstDiagnosticsMs),
      rssAfterOpening1000: check(languageServer?.memoryAfterOpening.rssWhenLastDiagnosticsArrivedMb, TARGETS.rssAfterOpeningMb),
      coldStartMedian: check(coldStart?.medianMs, TARGETS.coldStartMedianMs),
      lintOverParseOverall: check(c?.all.lintOverParse, TARGETS.lintOverParse),
      lintOverParseHugeYaml: check(h?.yaml?.lintOverParse, TARGETS.lintOverParse),
    },
    failures,
    totalSeconds: 0,
  };
  results.totalSeconds = round(elapsedMs(totalStart) / 1000, 1);
  const json = JSON.stringify(results, null, 2);
  writeFileSync(paths.bench + '/results.json', `${json}\n`);
  process.stdout.write(`${json}\n`);
  printTable(results);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

main();
