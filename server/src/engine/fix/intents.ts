import type { FixSafety } from '../rules/rule';
import type { FixValue, PropertyPath } from './fix-value';

/**
 * What a fix does, in the model's terms. Writers turn intents into text edits for one format;
 * rules never produce text.
 */
export type FixIntent =
  /** Set the value at a path below the resource's `Properties`, creating what is missing. */
  | { kind: 'set'; resourceId: string; path: PropertyPath; value: FixValue }
  /** Append an item to the sequence at a path (created when missing). */
  | { kind: 'append'; resourceId: string; path: PropertyPath; value: FixValue }
  /** Add a resource right after another one. */
  | { kind: 'insertResource'; afterId: string; id: string; type: string; properties: { [key: string]: FixValue } };

/** One way to fix a finding: a title for menus, whether it is safe, and its intents. */
export interface FixPlan {
  title: string;
  safety: FixSafety;
  intents: FixIntent[];
}
