import type { Severity, SeveritySetting } from '../engine';

export interface CliOptions {
  paths: string[];
  format: 'stylish' | 'json';
  severityThreshold: Severity;
  rules: Record<string, SeveritySetting>;
  profile: string | undefined;
  quiet: boolean;
  /** `safe`: --fix; `unsafe`: --fix-unsafe. */
  fix: 'safe' | 'unsafe' | undefined;
  /** --fix-dry-run: print the diff instead of writing. */
  fixDryRun: boolean;
  help: boolean;
  version: boolean;
  color: boolean | undefined;
}

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: lsp-lint [options] [paths...]

Lints CloudFormation templates (YAML and JSON) for S3 and KMS encryption problems.
Paths are files or folders (default: .); folders are searched for *.yaml, *.yml, *.json
and *.template files, skipping node_modules, .git and cdk.out. Files that are not
CloudFormation templates are skipped silently.

Options:
  --format stylish|json        output format (default: stylish)
  --severity-threshold LEVEL   exit 1 when a finding is at or above LEVEL:
                               info, warning or error (default: warning)
  --rule ID=LEVEL              set a rule's severity: off, info, warning or error;
                               ID is a rule ID (S3-003) or name (s3-bucket-key);
                               repeatable
  --profile NAME               rule profile: default or dsse (turns on S3-007)
  --quiet                      report errors only
  --fix                        apply safe fixes (they cannot change who can read
                               data: Bucket Key, key rotation, deletion window)
  --fix-unsafe                 apply every fix (the first of several alternatives),
                               e.g. switch a bucket to a customer-managed KMS key
  --fix-dry-run                print the fixes as a unified diff, write nothing
  --color, --no-color          force or disable colors (default: on for terminals)
  --stdio                      run the language server over stdio (for any LSP client)
  -h, --help                   show this help
  -v, --version                print the version

Exit codes: 0 no finding at or above the threshold, 1 findings or unreadable
templates, 2 usage, configuration or internal error.`;

const SEVERITIES = new Set(['info', 'warning', 'error']);
const SETTINGS = new Set(['off', 'info', 'warning', 'error']);

/** Parses argv (without node and script). Accepts `--flag value` and `--flag=value`. */
export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    paths: [],
    format: 'stylish',
    severityThreshold: 'warning',
    rules: {},
    profile: undefined,
    quiet: false,
    fix: undefined,
    fixDryRun: false,
    help: false,
    version: false,
    color: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      options.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--format': {
        const format = value();
        if (format !== 'stylish' && format !== 'json') throw new UsageError(`--format must be stylish or json, not "${format}"`);
        options.format = format;
        break;
      }
      case '--severity-threshold': {
        const level = value();
        if (!SEVERITIES.has(level)) throw new UsageError(`--severity-threshold must be info, warning or error, not "${level}"`);
        options.severityThreshold = level as Severity;
        break;
      }
      case '--rule': {
        const setting = value();
        const match = /^([^=\s]+)=(\w+)$/.exec(setting);
        if (!match || !SETTINGS.has(match[2])) throw new UsageError(`--rule expects ID=off|info|warning|error, not "${setting}"`);
        options.rules[match[1]] = match[2] as SeveritySetting;
        break;
      }
      case '--profile':
        options.profile = value();
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--fix':
        options.fix ??= 'safe';
        break;
      case '--fix-unsafe':
        options.fix = 'unsafe';
        break;
      case '--fix-dry-run':
        options.fixDryRun = true;
        break;
      case '--color':
        options.color = true;
        break;
      case '--no-color':
        options.color = false;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '-v':
      case '--version':
        options.version = true;
        break;
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  }
  if (options.fixDryRun) options.fix ??= 'safe';
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}
