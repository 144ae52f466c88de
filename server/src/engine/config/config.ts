import type { RuleRegistry } from '../rules/registry';
import { SUPPRESSION_RULES } from '../rules/registry';
import type { Severity, SeveritySetting } from '../rules/rule';

/** Configuration as a user writes it (CLI flags, fixture headers, later `.encryption-lint.yaml`). */
export interface LintConfig {
  /** `default`, or a profile such as `dsse` that turns extra rules on. */
  profile?: string;
  /** By rule ID or name: a severity, or severity plus options. */
  rules?: Record<string, SeveritySetting | { severity?: SeveritySetting; options?: Record<string, unknown> }>;
}

/** A configuration mistake: reported with exit code 2, never silently ignored. */
export class ConfigError extends Error {}

export interface RuleSettings {
  enabled: boolean;
  /** Replaces every message's severity when the user set one. */
  severity: Severity | undefined;
  options: Record<string, unknown>;
}

export interface ResolvedConfig {
  registry: RuleRegistry;
  rules: Map<string, RuleSettings>;
}

const SETTINGS = new Set(['off', 'info', 'warning', 'error']);

/** Validates a configuration against the rule registry and resolves profile, severities and options. */
export function resolveConfig(registry: RuleRegistry, config: LintConfig = {}): ResolvedConfig {
  const profile = config.profile ?? 'default';
  const knownProfiles = new Set(['default', ...registry.rules.flatMap((rule) => Object.keys(rule.meta.profiles ?? {}))]);
  if (!knownProfiles.has(profile)) {
    throw new ConfigError(`unknown profile "${profile}" (known: ${[...knownProfiles].join(', ')})`);
  }
  const rules = new Map<string, RuleSettings>();
  for (const rule of registry.rules) {
    const profileSeverity = rule.meta.profiles?.[profile];
    const options: Record<string, unknown> = {};
    for (const [name, option] of Object.entries(rule.meta.options ?? {})) options[name] = option.default;
    rules.set(rule.meta.id, {
      enabled: profileSeverity !== undefined || rule.meta.severity !== 'off',
      severity: profileSeverity,
      options,
    });
  }
  for (const meta of Object.values(SUPPRESSION_RULES)) rules.set(meta.id, { enabled: true, severity: 'info', options: {} });

  for (const [key, value] of Object.entries(config.rules ?? {})) {
    const id = registry.canonicalId(key);
    if (!id) throw new ConfigError(`unknown rule "${key}"`);
    const settings = rules.get(id)!;
    const { severity, options } = typeof value === 'string' ? { severity: value, options: undefined } : value ?? {};
    if (severity !== undefined) {
      if (!SETTINGS.has(severity)) throw new ConfigError(`rule ${key}: severity must be off, info, warning or error, not "${severity}"`);
      settings.enabled = severity !== 'off';
      settings.severity = severity === 'off' ? undefined : severity;
    }
    for (const [name, optionValue] of Object.entries(options ?? {})) {
      const declared = registry.find(id)?.meta.options?.[name];
      if (!declared) throw new ConfigError(`rule ${key} has no option "${name}"`);
      if (typeof optionValue !== declared.type) throw new ConfigError(`rule ${key}: option ${name} must be a ${declared.type}`);
      settings.options[name] = optionValue;
    }
  }
  return { registry, rules };
}
