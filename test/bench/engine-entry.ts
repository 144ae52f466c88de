// What the benchmark measures in-process: parse only, and the full lint of one text.
export { lintText, parseTemplateText, resolveConfig, RuleRegistry } from '../../server/src/engine';
export { RULES } from '../../rules';
