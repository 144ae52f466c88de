// Language-server figures, measured from the client side over stdio (what an editor sees):
// server start -> first diagnostics, edit -> diagnostics latency on a 5,000-line template
// (including the server's typing debounce), and server memory after opening 1,000 templates.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, percentile, round } from './stats.mjs';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

function startServer(root) {
  const child = spawn(process.execPath, [join(root, 'bin/lsp-lint.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  const latest = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    latest.set(params.uri, params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.predicate(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onNotification('window/logMessage', () => {});
  connection.listen();
  const waitFor = (uri, predicate, timeoutMs = 30_000) => {
    const current = latest.get(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const waiter = { uri, predicate, resolve };
      waiters.push(waiter);
      setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs).unref();
    });
  };
  const initialize = async () => {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification('initialized', {});
  };
  const open = (uri, text, languageId) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const stop = async () => {
    try {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } catch {}
    connection.dispose();
    child.kill();
  };
  // `lsp-lint --stdio` may run the server in a child process: count the whole process tree.
  const processTree = (pid) => {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...children.flatMap(processTree)];
  };
  const rssKb = () => {
    let rss = 0;
    let peak = 0;
    for (const pid of processTree(child.pid)) {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      rss += field('VmRSS');
      peak += field('VmHWM');
    }
    return { rss, peak };
  };
  return { connection, waitFor, initialize, open, stop, rssKb };
}

/** The first resources of the 10,000-line template, cut at a resource boundary near 5,000 lines. */
function fiveThousandLines(hugeYaml) {
  const lines = readFileSync(hugeYaml, 'utf8').split('\n');
  let cut = 5000;
  while (cut < lines.length && !/^  \S/.test(lines[cut])) cut++;
  return lines.slice(0, cut).join('\n') + '\n';
}

async function startToFirstDiagnostics(root, smallPath, runs) {
  const text = readFileSync(smallPath, 'utf8');
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const server = startServer(root);
    await server.initialize();
    const uri = pathToFileURL(smallPath).href;
    await server.open(uri, text, 'yaml');
    await server.waitFor(uri, () => true);
    samples.push(performance.now() - started);
    await server.stop();
  }
  return { runs, medianMs: round(median(samples), 1), maxMs: round(Math.max(...samples), 1), samplesMs: samples.map((s) => round(s, 1)) };
}

async function editLatency(root, hugeYaml, keystrokes) {
  const text = fiveThousandLines(hugeYaml);
  const lines = text.split('\n');
  const server = startServer(root);
  await server.initialize();
  const uri = 'file:///bench/five-thousand.cfn.yaml';
  await server.open(uri, text, 'yaml');
  const first = await server.waitFor(uri, () => true);
  // Type " # edit" at the end of lines inside resources, one character per change, as a person would.
  let seed = 42;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const resourceLines = lines.map((line, index) => (/^ {4}\S/.test(line) && !line.includes('#') ? index : -1)).filter((index) => index >= 0);
  const samples = [];
  let version = 1;
  while (samples.length < keystrokes) {
    const line = resourceLines[Math.floor(random() * resourceLines.length)];
    let character = lines[line].length;
    for (const ch of ' # edit') {
      version++;
      const started = performance.now();
      await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: ch }],
      });
      const expected = version;
      await server.waitFor(uri, (params) => params.version === expected);
      samples.push(performance.now() - started);
      character++;
    }
    lines[line] += ' # edit';
  }
  await server.stop();
  return {
    lines: lines.length - 1,
    keystrokes: samples.length,
    diagnostics: first.diagnostics.length,
    p50Ms: round(percentile(samples, 50), 1),
    p95Ms: round(percentile(samples, 95), 1),
    maxMs: round(Math.max(...samples), 1),
  };
}

async function memoryAfterOpening(root, templatesDir) {
  const files = readdirSync(templatesDir).sort();
  const server = startServer(root);
  await server.initialize();
  const started = performance.now();
  const pending = [];
  for (const file of files) {
    const uri = pathToFileURL(join(templatesDir, file)).href;
    await server.open(uri, readFileSync(join(templatesDir, file), 'utf8'), file.endsWith('.json') ? 'json' : 'yaml');
    pending.push(server.waitFor(uri, () => true, 120_000));
  }
  await Promise.all(pending);
  const openMs = performance.now() - started;
  const busy = server.rssKb();
  // Then the editor idles, as it does once a workspace has opened.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const { rss, peak } = server.rssKb();
  await server.stop();
  return {
    documents: files.length,
    openAndLintMs: round(openMs, 0),
    rssWhenLastDiagnosticsArrivedMb: round(busy.rss / 1024, 1),
    rssMb: round(rss / 1024, 1),
    peakRssMb: round(peak / 1024, 1),
  };
}

/** Runs the three language-server measurements. */
export async function measureLanguageServer(root, paths) {
  const start = await startToFirstDiagnostics(root, paths.small, 7);
  const edit = await editLatency(root, paths.hugeYaml, 70);
  const memory = await memoryAfterOpening(root, paths.templates);
  return { startToFirstDiagnostics: start, editToDiagnostics: edit, memoryAfterOpening: memory };
}
