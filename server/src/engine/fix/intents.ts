import type { FixSafety } from '../rules/rule';
import type { FixValue, PropertyPath } from './fix-value';

/**
 * What a fix does, in the model's terms. Writers turn intents into text edits for one format;
 * rules never produce text.
 */
export type FixIntent =
  /** Set the value at a path below the resource's `Properties` (or the resource itself), creating what is missing. */
  | {
      kind: 'set';
      resourceId: string;
      path: PropertyPath;
      value: FixValue;
      base?: PathBase;
      /**
       * The value there may be an expression the rule has read completely — a `Ref`/`Fn::GetAtt`
       * of a resource, or a `Fn::Sub` of pseudo parameters — which this replaces.
       */
      replacesExpression?: true;
    }
  /** Append an item to the sequence at a path (created when missing). */
  | { kind: 'append'; resourceId: string; path: PropertyPath; value: FixValue; base?: PathBase }
  /**
   * Add a resource right after another one. `condition` is the CloudFormation `Condition` it is
   * created under: a resource that serves a conditional bucket must exist exactly when the bucket
   * does (a `!Ref` to a resource that is not created fails the deployment).
   */
  | { kind: 'insertResource'; afterId: string; id: string; type: string; condition?: string; properties: { [key: string]: FixValue } };

/** Where an intent's path starts: the resource's `Properties` (default), or the resource (for `Metadata`). */
export type PathBase = 'properties' | 'resource';

/** The path from the resource declaration. */
export function pathFromResource(intent: { path: PropertyPath; base?: PathBase }): PropertyPath {
  return intent.base === 'resource' ? intent.path : ['Properties', ...intent.path];
}

/** One way to fix a finding: a title for menus, whether it is safe, and its intents. */
export interface FixPlan {
  title: string;
  safety: FixSafety;
  intents: FixIntent[];
  /** An editor-only alternative (ESLint's "suggestion"): offered in the quick-fix menu, never applied by `--fix`. */
  suggestion?: boolean;
}

/** The declaration an `insertResource` intent writes: `Type`, then `Condition` when set, then `Properties`. */
export function resourceDeclaration(intent: Extract<FixIntent, { kind: 'insertResource' }>): { [key: string]: FixValue } {
  return { Type: intent.type, ...(intent.condition === undefined ? {} : { Condition: intent.condition }), Properties: intent.properties };
}
