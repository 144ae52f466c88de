import type { CostModel, LintConfig, SeveritySetting } from '../engine';
import { DEFAULT_COST_MODEL } from '../engine';

/** The `encryptionLint.*` settings, per resource (multi-root workspaces may differ per folder). */
export interface ServerSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  profile: string;
  rules: Record<string, SeveritySetting>;
  ruleOptions: Record<string, Record<string, unknown>>;
  costModel: CostModel;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  run: 'onType',
  profile: 'default',
  rules: {},
  ruleOptions: {},
  costModel: DEFAULT_COST_MODEL,
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads what a client sent for the `encryptionLint` section, keeping defaults for anything missing
 * or of the wrong type (a client's settings UI must never be able to crash the server).
 */
export function readSettings(raw: unknown): ServerSettings {
  if (!isObject(raw)) return DEFAULT_SETTINGS;
  const cost = isObject(raw.costModel) ? raw.costModel : {};
  const number = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback);
  return {
    enable: typeof raw.enable === 'boolean' ? raw.enable : DEFAULT_SETTINGS.enable,
    run: raw.run === 'onSave' ? 'onSave' : 'onType',
    profile: typeof raw.profile === 'string' && raw.profile ? raw.profile : DEFAULT_SETTINGS.profile,
    rules: isObject(raw.rules) ? (raw.rules as Record<string, SeveritySetting>) : {},
    ruleOptions: isObject(raw.ruleOptions) ? (raw.ruleOptions as Record<string, Record<string, unknown>>) : {},
    costModel: {
      monthlyObjectRequests: number(cost.monthlyObjectRequests, DEFAULT_COST_MODEL.monthlyObjectRequests),
      pricePer10kRequests: number(cost.pricePer10kRequests, DEFAULT_COST_MODEL.pricePer10kRequests),
    },
  };
}

/** The engine configuration these settings ask for. */
export function lintConfigOf(settings: ServerSettings): LintConfig {
  const rules: NonNullable<LintConfig['rules']> = {};
  for (const [rule, severity] of Object.entries(settings.rules)) rules[rule] = { severity };
  for (const [rule, options] of Object.entries(settings.ruleOptions)) {
    if (isObject(options)) rules[rule] = { ...(isObject(rules[rule]) ? rules[rule] : {}), options };
  }
  return { profile: settings.profile, rules };
}
