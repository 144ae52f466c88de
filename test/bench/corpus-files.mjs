// Writes the generated corpus under .bench/ and reuses it when the manifest still matches.
//
// Layout:
//   .bench/corpus/templates/stack-NNNN.cfn.{yaml,json}  the 1,000 templates (throughput, lint/parse)
//   .bench/corpus/huge.cfn.yaml                          the 10,000-line YAML template
//   .bench/corpus/small.cfn.yaml                         the ~40-line template for cold start
//   .bench/huge-json/huge.cfn.json                       the JSON twin of huge.cfn.yaml
//   .bench/manifest.json                                 generator hash + sha256 of every file

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, GENERATOR_VERSION, countLines, generateCorpus, sha256 } from './corpus.mjs';

const GENERATOR_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'corpus.mjs');

export function corpusPaths(root) {
  const bench = join(root, '.bench');
  const corpus = join(bench, 'corpus');
  return {
    bench,
    corpus,
    templates: join(corpus, 'templates'),
    hugeYaml: join(corpus, 'huge.cfn.yaml'),
    small: join(corpus, 'small.cfn.yaml'),
    hugeJsonDir: join(bench, 'huge-json'),
    hugeJson: join(bench, 'huge-json', 'huge.cfn.json'),
    manifest: join(bench, 'manifest.json'),
  };
}

function contentHash(fileHashes) {
  return sha256(Object.keys(fileHashes).sort().map((path) => `${path}\0${fileHashes[path]}\n`).join(''));
}

/** Checks the files on disk against the manifest; returns the manifest if everything matches. */
function reusable(paths, generatorHash) {
  if (!existsSync(paths.manifest)) return undefined;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(paths.manifest, 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.generatorHash !== generatorHash) return undefined;
  if (!existsSync(paths.templates)) return undefined;
  const listed = Object.keys(manifest.files).filter((path) => path.startsWith('corpus/templates/')).length;
  if (readdirSync(paths.templates).length !== listed) return undefined;
  for (const [path, hash] of Object.entries(manifest.files)) {
    const absolute = join(paths.bench, path);
    if (!existsSync(absolute) || sha256(readFileSync(absolute, 'utf8')) !== hash) return undefined;
  }
  return contentHash(manifest.files) === manifest.contentHash ? manifest : undefined;
}

/**
 * Makes sure the corpus exists and matches the generator. Regenerates it when the generator,
 * its options or any file changed (or when `regenerate` is set).
 */
export function ensureCorpus(root, { regenerate = false, seed = DEFAULT_SEED, count = 1000, hugeLines = 10_000 } = {}) {
  const paths = corpusPaths(root);
  const generatorHash = sha256(`${GENERATOR_VERSION}\0${seed}\0${count}\0${hugeLines}\0${readFileSync(GENERATOR_SOURCE, 'utf8')}`);
  const existing = regenerate ? undefined : reusable(paths, generatorHash);
  if (existing) return { paths, manifest: existing, generated: false, generateMs: 0 };

  const started = performance.now();
  const corpus = generateCorpus({ seed, count, hugeLines });
  const generateMs = performance.now() - started;
  rmSync(paths.corpus, { recursive: true, force: true });
  rmSync(paths.hugeJsonDir, { recursive: true, force: true });
  mkdirSync(paths.templates, { recursive: true });
  mkdirSync(paths.hugeJsonDir, { recursive: true });
  const files = {};
  const write = (absolute, text) => {
    writeFileSync(absolute, text);
    files[relative(paths.bench, absolute).split('\\').join('/')] = sha256(text);
  };
  for (const file of corpus.files) write(join(paths.templates, file.name), file.text);
  write(paths.hugeYaml, corpus.huge.yaml);
  write(paths.hugeJson, corpus.huge.json);
  write(paths.small, corpus.small);
  const sum = (format, key) => corpus.files.filter((f) => !format || f.format === format).reduce((total, f) => total + f[key], 0);
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    generatorHash,
    seed,
    contentHash: contentHash(files),
    stats: {
      templates: corpus.files.length,
      yamlFiles: corpus.files.filter((f) => f.format === 'yaml').length,
      jsonFiles: corpus.files.filter((f) => f.format === 'json').length,
      lines: sum(undefined, 'lines'),
      yamlLines: sum('yaml', 'lines'),
      jsonLines: sum('json', 'lines'),
      minLines: Math.min(...corpus.files.map((f) => f.lines)),
      maxLines: Math.max(...corpus.files.map((f) => f.lines)),
      hugeYamlLines: countLines(corpus.huge.yaml),
      hugeJsonLines: countLines(corpus.huge.json),
      smallLines: countLines(corpus.small),
    },
    files,
  };
  writeFileSync(paths.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return { paths, manifest, generated: true, generateMs };
}
