// In-process part of the benchmark: parse-only vs full lint with dist/bench/engine.js.
// run-bench.mjs starts it as `node test/bench/engine-bench.mjs ...` (a fresh heap, away from the
// corpus generator) and reads one JSON object from stdout.
//
// No forced GC between samples: after a full collection V8 shrinks the young generation, and the
// next parse pays for many scavenges that copy its growing tree (a huge JSON parse went from 13 to
// 36 ms). Steady state, as in the CLI, is what we want to measure. It also runs on its own, e.g. for profiling:
//   node --cpu-prof test/bench/engine-bench.mjs --templates .bench/corpus/templates --only lint
//
// Options: --templates DIR (the 1,000 files), --huge-yaml FILE, --huge-json FILE,
//          --rounds N (default 5), --huge-rounds N (default 7), --only parse|lint

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countLines } from './corpus.mjs';
import { elapsedMs, median, round } from './stats.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

function parseOptions(argv) {
  const options = { templates: join(ROOT, '.bench/corpus/templates'), hugeYaml: undefined, hugeJson: undefined, rounds: 5, hugeRounds: 7, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    switch (argv[i]) {
      case '--templates': options.templates = resolve(value()); break;
      case '--huge-yaml': options.hugeYaml = resolve(value()); break;
      case '--huge-json': options.hugeJson = resolve(value()); break;
      case '--rounds': options.rounds = Number(value()); break;
      case '--huge-rounds': options.hugeRounds = Number(value()); break;
      case '--only': options.only = value(); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

/** Times fn over every file of a group, `iterations` times; returns ms per pass. */
function timeGroup(files, fn, iterations = 1) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) for (const file of files) fn(file.path, file.text);
  return elapsedMs(start) / iterations;
}

/** A sample of a single file should last about 100 ms, or GC placement decides the result. */
const HUGE_SAMPLE_MS = 100;

function main() {
  const options = parseOptions(process.argv.slice(2));
  const engine = require(join(ROOT, 'dist/bench/engine.js'));
  const { lintText, parseTemplateText, resolveConfig, RuleRegistry, RULES } = engine;
  const config = resolveConfig(new RuleRegistry(RULES), {});

  const files = readdirSync(options.templates)
    .filter((name) => /\.cfn\.(yaml|json)$/.test(name))
    .sort()
    .map((name) => {
      const path = join(options.templates, name);
      const text = readFileSync(path, 'utf8');
      return { path, text, format: name.endsWith('.json') ? 'json' : 'yaml', lines: countLines(text), bytes: Buffer.byteLength(text) };
    });
  const groups = { yaml: files.filter((f) => f.format === 'yaml'), json: files.filter((f) => f.format === 'json') };
  const parse = (path, text) => parseTemplateText(path, text);
  const lint = (path, text) => lintText(path, text, config);

  // Warm-up round, which also checks that every generated template is valid and linted.
  const problems = [];
  const findingsByRule = {};
  let findings = 0;
  for (const file of files) {
    const parsed = parse(file.path, file.text);
    if (!parsed.tree || parsed.errors.length > 0) problems.push({ file: file.path, stage: 'parse', errors: parsed.errors });
    const result = lint(file.path, file.text);
    if (result.status !== 'template' || result.errors.length > 0) problems.push({ file: file.path, stage: 'lint', status: result.status, errors: result.errors });
    findings += result.findings.length;
    for (const finding of result.findings) findingsByRule[finding.ruleId] = (findingsByRule[finding.ruleId] ?? 0) + 1;
  }

  const samples = { parse: { yaml: [], json: [], all: [] }, lint: { yaml: [], json: [], all: [] } };
  const stages = options.only ? [options.only] : ['parse', 'lint'];
  for (let round = 0; round < options.rounds; round++) {
    for (const stage of stages) {
      const fn = stage === 'parse' ? parse : lint;
      const yaml = timeGroup(groups.yaml, fn);
      const json = timeGroup(groups.json, fn);
      samples[stage].yaml.push(yaml);
      samples[stage].json.push(json);
      samples[stage].all.push(yaml + json);
    }
  }

  const sum = (list, key) => list.reduce((total, file) => total + file[key], 0);
  const corpus = {};
  for (const [key, list] of [['yaml', groups.yaml], ['json', groups.json], ['all', files]]) {
    const parseMs = median(samples.parse[key]);
    const lintMs = median(samples.lint[key]);
    const lines = sum(list, 'lines');
    corpus[key] = {
      files: list.length,
      lines,
      bytes: sum(list, 'bytes'),
      parseMs: round(parseMs, 1),
      lintMs: round(lintMs, 1),
      lintOverParse: round(lintMs / parseMs, 3),
      parseLinesPerMs: round(lines / parseMs, 1),
      lintLinesPerMs: round(lines / lintMs, 1),
      parseSamplesMs: samples.parse[key].map((v) => round(v, 1)),
      lintSamplesMs: samples.lint[key].map((v) => round(v, 1)),
    };
  }

  const huge = {};
  for (const [key, path] of [['yaml', options.hugeYaml], ['json', options.hugeJson]]) {
    if (!path) continue;
    const text = readFileSync(path, 'utf8');
    const parsed = parse(path, text);
    const linted = lint(path, text);
    if (!parsed.tree || parsed.errors.length > 0 || linted.status !== 'template' || linted.errors.length > 0) {
      problems.push({ file: path, stage: 'huge', errors: [...parsed.errors, ...linted.errors] });
    }
    // Both stages use the same number of back-to-back calls per sample, set from the parse time.
    const single = [{ path, text }];
    const iterations = Math.max(1, Math.min(50, Math.ceil(HUGE_SAMPLE_MS / timeGroup(single, parse))));
    const parseSamples = [];
    const lintSamples = [];
    for (let round = 0; round < options.hugeRounds; round++) {
      if (stages.includes('parse')) parseSamples.push(timeGroup(single, parse, iterations));
      if (stages.includes('lint')) lintSamples.push(timeGroup(single, lint, iterations));
    }
    const lines = countLines(text);
    const parseMs = median(parseSamples);
    const lintMs = median(lintSamples);
    huge[key] = {
      file: path,
      lines,
      bytes: Buffer.byteLength(text),
      findings: linted.findings.length,
      callsPerSample: iterations,
      parseMs: round(parseMs, 2),
      lintMs: round(lintMs, 2),
      lintOverParse: round(lintMs / parseMs, 3),
      parseLinesPerMs: round(lines / parseMs, 1),
      parseSamplesMs: parseSamples.map((v) => round(v, 2)),
      lintSamplesMs: lintSamples.map((v) => round(v, 2)),
    };
  }

  const result = {
    rounds: options.rounds,
    hugeRounds: options.hugeRounds,
    findings,
    findingsByRule: Object.fromEntries(Object.entries(findingsByRule).sort()),
    problems,
    corpus,
    huge,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (problems.length > 0) process.exitCode = 1;
}

main();
