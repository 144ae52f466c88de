import type { Rule } from '../../server/src/engine';

/** The README's rule table, generated from rule metadata (a test keeps the README in sync). */
export function ruleTable(rules: readonly Rule[]): string {
  const rows = rules.map(({ meta }) => {
    const severities = new Set(Object.values(meta.messages).map((message) => message.severity ?? meta.severity));
    const severity =
      meta.severity === 'off'
        ? `off (${Object.entries(meta.profiles ?? {}).map(([profile, level]) => `${level} in profile \`${profile}\``).join(', ')})`
        : severities.size > 1
          ? [...severities].join(' / ') + ' (per message)'
          : meta.severity;
    const fix = meta.fix ? `${meta.fix.title} (${meta.fix.safety})` : '—';
    return `| ${meta.id} | [${meta.name}](rules/${meta.name}.md) | ${meta.title} | ${severity} | ${fix} |`;
  });
  return ['| ID | name | what it finds | default severity | fix |', '|---|---|---|---|---|', ...rows].join('\n');
}
