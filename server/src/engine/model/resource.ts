import type { SourceRange } from './range';
import type { TreeNode } from './tree';

export type IacFormat = 'cloudformation' | 'terraform' | 'cdk';

/**
 * One declared resource. When its properties contain `Fn::If`, the adapter builds one variant per
 * combination of the conditions it uses; `conditions` says which branch each variant took.
 */
export interface ResourceNode {
  /** CloudFormation logical ID, Terraform `type.name`, CDK construct id. */
  id: string;
  /** `AWS::S3::Bucket`, `aws_s3_bucket`, `s3.Bucket`, … */
  nativeType: string;
  format: IacFormat;
  /** The whole declaration. */
  range: SourceRange;
  /** Where findings about something missing are reported (CFN: the logical-ID key). */
  anchor: SourceRange;
  /** The raw property tree (after choosing `Fn::If` branches), for writers and hovers. */
  properties: TreeNode | undefined;
  /** Condition name → branch taken, for this variant. Empty when the resource has no `Fn::If`. */
  conditions: Readonly<Record<string, boolean>>;
  /** How many variants this resource has (1 without `Fn::If`). */
  variantCount: number;
  /** The resource-level `Condition` (the resource exists only when it holds). */
  condition?: string;
}
