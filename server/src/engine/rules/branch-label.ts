/** Condition name → value, for one branch combination (a resource variant, a policy deployment). */
export type Branches = Readonly<Record<string, boolean>>;

const literal = (name: string, value: boolean) => `${name} is ${value}`;
const conjunction = (branches: Branches) => Object.entries(branches).map(([name, value]) => literal(name, value)).join(' and ');
const matches = (branches: Branches, required: Branches) => Object.entries(required).every(([name, value]) => branches[name] === value);

/**
 * Words for the combinations in `subset` out of `all`: undefined when the subset is all of them;
 * `A is true and B is false` when that conjunction picks exactly the subset; otherwise a short
 * disjunction, `A is true, or B is true` (single conditions that lie wholly inside the subset,
 * then whole combinations for the rest).
 */
export function describeBranchSet(subset: readonly Branches[], all: readonly Branches[]): string | undefined {
  const key = (branches: Branches) => JSON.stringify(Object.entries(branches).sort(([a], [b]) => a.localeCompare(b)));
  const inSubset = new Set(subset.map(key));
  if (inSubset.size === 0 || inSubset.size >= new Set(all.map(key)).size) return undefined;
  const [first] = subset;
  const common = Object.fromEntries(Object.entries(first).filter(([name, value]) => subset.every((branches) => branches[name] === value)));
  if (Object.keys(common).length > 0 && all.filter((branches) => matches(branches, common)).length === inSubset.size) return conjunction(common);
  const uncovered = new Set(inSubset);
  const parts: string[] = [];
  const literals = [...new Set(all.flatMap((branches) => Object.entries(branches).map(([name, value]) => `${name}=${value}`)))];
  for (;;) {
    let best: { name: string; value: boolean; covers: string[] } | undefined;
    for (const candidate of literals) {
      const [name, text] = candidate.split('=');
      const value = text === 'true';
      const extension = all.filter((branches) => branches[name] === value).map(key);
      if (!extension.every((item) => inSubset.has(item))) continue;
      const covers = extension.filter((item) => uncovered.has(item));
      if (covers.length > (best?.covers.length ?? 0)) best = { name, value, covers };
    }
    if (!best) break;
    parts.push(literal(best.name, best.value));
    for (const item of best.covers) uncovered.delete(item);
  }
  for (const branches of subset) if (uncovered.has(key(branches))) parts.push(conjunction(branches));
  return parts.join(', or ');
}
