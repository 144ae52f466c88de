/** The engine's public surface: pure functions from text to findings. Never imports vscode. */
export { lintBytes, lintText, parseTemplateText, syntaxOf } from './lint';
export type { LintError, LintResult, SourceSyntax } from './lint';
export { ConfigError, resolveConfig } from './config/config';
export type { LintConfig, ResolvedConfig, RuleSettings } from './config/config';
export { RuleRegistry, SUPPRESSION_RULES } from './rules/registry';
export { defineRule, formatMessage, severityRank, SEVERITIES } from './rules/rule';
export type { Finding, Rule, RuleContext, RuleMeta, RuleReport, Severity, SeveritySetting, FixSafety } from './rules/rule';
export { LineIndex } from './model/range';
export type { SourceRange, LineColumn } from './model/range';
export type { Located, Origin, ResourceRef } from './model/located';
export { isKnown, propertyName } from './model/located';
export type { AwsModel, S3Bucket, KmsKey, KmsAlias, BucketEncryption, AttachedPolicy } from './model/aws';
export type { PolicyDocument, PolicyStatement, PrincipalEntry, PolicyCondition } from './model/policy';
export type { ResourceNode, IacFormat } from './model/resource';
export { decodeSource, MAX_FILE_BYTES } from './parse/source-text';
export type { UnreadableReason } from './parse/source-text';
export { isTemplateTree, looksLikeTemplateText } from './parse/cloudformation/detect';
