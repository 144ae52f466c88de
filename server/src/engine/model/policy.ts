import type { Located, Origin } from './located';
import type { SourceRange } from './range';

/** A principal entry: `*`, or a value under `AWS`, `Service`, `Federated` or `CanonicalUser`. */
export interface PrincipalEntry {
  /** `*` for a bare `Principal: "*"`, otherwise the principal map key. */
  kind: '*' | 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | string;
  value: Located<string>;
}

export interface PolicyCondition {
  /** Condition operator as written (`Bool`, `StringEquals`, `ForAnyValue:StringLike`, …). */
  operator: string;
  /** Condition key, lower-cased (AWS condition keys are case-insensitive). */
  key: string;
  values: Located<string>[];
}

export interface PolicyStatement {
  range: SourceRange;
  sid: string | undefined;
  effect: Located<string>;
  /** Principal entries; `undefined` when the statement has no `Principal` (identity policies). */
  principals: PrincipalEntry[] | undefined;
  /** The `NotPrincipal` element, when present. */
  notPrincipal: Located<unknown> | undefined;
  principalsResolved: boolean;
  actions: Located<string>[];
  /** True when `NotAction` is used instead of `Action`. */
  notAction: boolean;
  actionsResolved: boolean;
  resources: Located<string>[];
  resourcesResolved: boolean;
  conditions: PolicyCondition[];
  conditionsResolved: boolean;
}

/** A resource or key policy document, read from a YAML/JSON object or a JSON string. */
export interface PolicyDocument {
  origin: Origin;
  range: SourceRange;
  nativePath: string;
  /** The whole document's statements; empty when `origin` is not `explicit`. */
  statements: PolicyStatement[];
  /** False when the statement list itself (or a statement) is an unresolved expression. */
  statementsResolved: boolean;
  expr?: string;
}
