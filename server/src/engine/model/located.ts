import type { SourceRange } from './range';

/**
 * Where a value came from:
 * - `explicit`: written as a literal (possibly through a parameter's literal `Default`, see `via`);
 * - `default`: not written; the value is what AWS (or CDK) does by default, located at the owner's anchor;
 * - `unresolved`: an expression whose value can't be known statically. Rules never report these.
 */
export type Origin = 'explicit' | 'default' | 'unresolved';

/** A reference from one resource to another (`!Ref Key`, `!GetAtt Key.Arn`, `${Key.Arn}`). */
export interface ResourceRef {
  id: string;
  /** `Ref` for a plain reference, otherwise the attribute name (`Arn`, `KeyId`, …). */
  attribute: string;
}

/** A value a rule reads, with where it is written and how it was resolved. */
export interface Located<T> {
  value: T | undefined;
  origin: Origin;
  /** The value's range when written; the owning resource's anchor when `default`. */
  range: SourceRange;
  /** Format-native path of the property, e.g. `BucketEncryption.ServerSideEncryptionConfiguration[0].BucketKeyEnabled`. */
  nativePath: string;
  /** Source text of an unresolved expression, e.g. `!Ref KeyArn`. */
  expr?: string;
  /** Set when the expression is a reference to another resource of the project. */
  ref?: ResourceRef;
  /** How a non-literal was resolved, e.g. `default of parameter Algo`. */
  via?: string;
  /**
   * The value as a string pattern with `${…}` placeholders for pseudo parameters and resource
   * references (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`). Unknown parts are `${?}`.
   */
  template?: string;
}

/** The last segment of a native path: the property name a user sees (`BucketKeyEnabled`). */
export function propertyName(located: Located<unknown>): string {
  const path = located.nativePath.replace(/\[\d+\]/g, '');
  const dot = path.lastIndexOf('.');
  return dot === -1 ? path : path.slice(dot + 1);
}
