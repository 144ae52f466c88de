#!/usr/bin/env node
'use strict';
// One command, two modes: `lsp-lint --stdio` (or another LSP transport flag) is the language
// server for any editor; anything else is the headless linter. Each loads only its own bundle.
const transports = ['--stdio', '--node-ipc'];
const isServer = process.argv.slice(2).some((arg) => transports.includes(arg) || arg.startsWith('--socket=') || arg.startsWith('--pipe='));
require(isServer ? '../dist/server.js' : '../dist/cli.js');
