import type { MapEntry, TreeNode } from '../../model/tree';
import { entryOf } from '../../model/tree';

/**
 * A file is a CloudFormation template when it has `AWSTemplateFormatVersion`, or a `Resources`
 * mapping with at least one entry whose `Type` starts with `AWS::` (or is a custom resource).
 * Anything else (CI workflows, Kubernetes manifests, package.json, OpenAPI files) is not ours.
 */
export function isTemplateTree(tree: TreeNode | undefined): boolean {
  if (!tree || tree.kind !== 'map') return false;
  if (entryOf(tree, 'AWSTemplateFormatVersion')) return true;
  const resources = entryOf(tree, 'Resources')?.value;
  if (!resources || resources.kind !== 'map') return false;
  return resources.entries.some(declaresResource);
}

/** `Type: AWS::…` — directly, or in the fragment of an `Fn::ForEach` loop (`[Identifier, Collection, Fragment]`). */
function declaresResource(entry: MapEntry): boolean {
  if (entry.key.startsWith('Fn::ForEach::')) {
    const fragment = entry.value.kind === 'seq' ? entry.value.items[2] : undefined;
    return fragment?.kind === 'map' && fragment.entries.some(declaresResource);
  }
  const type = entryOf(entry.value, 'Type')?.value;
  return type?.kind === 'scalar' && typeof type.value === 'string' && isCfnResourceType(type.value);
}

function isCfnResourceType(type: string): boolean {
  return type.startsWith('AWS::') || type.startsWith('Custom::');
}

/**
 * For text that does not parse: does it still look like a template? Only then is the syntax error
 * worth reporting; a Helm chart or a half-written YAML file of another kind is skipped silently.
 */
export function looksLikeTemplateText(text: string): boolean {
  if (/^\s*["']?AWSTemplateFormatVersion["']?\s*:/m.test(text)) return true;
  return /^\s*["']?Resources["']?\s*:/m.test(text) && /["']?Type["']?\s*:\s*["']?(AWS|Custom)::/.test(text);
}
