'use strict';
// Preloaded into a CLI run (`node --require <this file> bin/lsp-lint.js ...`): when the process
// exits, prints its peak resident set size as one JSON line on stderr for run-bench.mjs to parse.
process.on('exit', () => {
  // maxRSS is in kilobytes. Writes to a pipe are synchronous on Linux, so the line is not lost.
  process.stderr.write(`${JSON.stringify({ benchPeakRssKb: process.resourceUsage().maxRSS })}\n`);
});
