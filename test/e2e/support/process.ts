import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The checkout under test: the folder that holds package.json, bin/ and dist/. */
export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for assertions on what a person would see. */
  output: string;
  ms: number;
}

/** Runs a command to completion, never through a shell; a spawn failure becomes status null with the reason in stderr. */
export function run(command: string, args: string[], options: SpawnSyncOptions & { timeout: number }): Run {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '') + (result.error ? `\n[spawn error] ${result.error.message}` : '');
  return { status: result.status, signal: result.signal, stdout, stderr, output: `${stdout}\n${stderr}`, ms: Date.now() - started };
}

/** Whether `command --version` runs. */
export function hasCommand(command: string): boolean {
  return run(command, ['--version'], { timeout: 30_000 }).status === 0;
}

/**
 * The environment a person's shell would give a client: ours, less what npm, vitest and an
 * enclosing git hook put there (npm_config_* would change how a node hook installs; GIT_DIR and
 * friends would point git at the wrong repository), and less the user's global git config.
 */
export function clientEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(npm_|GIT_|VITEST|PRE_COMMIT)/i.test(key) || key === 'NODE_OPTIONS' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...extra };
}

/** Fails with the command's output, so a CI log shows what the client said. */
export function describeRun(label: string, result: Run): string {
  return `${label}: exit ${result.status}${result.signal ? ` (signal ${result.signal})` : ''} after ${result.ms} ms\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}
