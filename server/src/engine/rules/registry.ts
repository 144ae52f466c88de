import type { Rule } from './rule';

/** Info findings the engine itself reports about suppressions (RULES.md, "Suppressions"). */
export const SUPPRESSION_RULES = {
  withoutReason: { id: 'suppression-without-reason', name: 'suppression-without-reason' },
  unused: { id: 'unused-suppression', name: 'unused-suppression' },
} as const;

/** Looks rules up by ID or name, case-insensitively. */
export class RuleRegistry {
  private readonly byKey = new Map<string, Rule>();

  constructor(readonly rules: readonly Rule[]) {
    for (const rule of rules) {
      for (const key of [rule.meta.id, rule.meta.name]) {
        const lower = key.toLowerCase();
        if (this.byKey.has(lower)) throw new Error(`duplicate rule id or name: ${key}`);
        this.byKey.set(lower, rule);
      }
    }
  }

  /** The rule with this ID or name. */
  find(idOrName: string): Rule | undefined {
    return this.byKey.get(idOrName.toLowerCase());
  }

  /** The canonical ID for an ID or name, including the engine's suppression findings. */
  canonicalId(idOrName: string): string | undefined {
    const lower = idOrName.toLowerCase();
    for (const meta of Object.values(SUPPRESSION_RULES)) if (meta.id === lower) return meta.id;
    return this.find(idOrName)?.meta.id;
  }
}
