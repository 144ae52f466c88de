/** The assumptions behind a KMS request estimate; users set them in the editor settings. */
export interface CostModel {
  /** Object reads and writes per month. */
  monthlyObjectRequests: number;
  /** USD per 10,000 KMS requests ($0.03 for symmetric keys per the KMS pricing page, AWS-FACTS §4.6). */
  pricePer10kRequests: number;
}

export const DEFAULT_COST_MODEL: CostModel = { monthlyObjectRequests: 10_000_000, pricePer10kRequests: 0.03 };

/**
 * S3 Bucket Keys "reduce AWS KMS request costs by up to 99 percent"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html): the best case.
 */
export const BUCKET_KEY_REQUEST_REDUCTION = 0.99;

export interface RequestCost {
  requests: number;
  monthlyUsd: number;
}

export interface KmsEstimate {
  /** Without a Bucket Key each object read or write makes one KMS request (GenerateDataKey or Decrypt). */
  withoutBucketKey: RequestCost;
  /** With a Bucket Key, at the documented best-case reduction. */
  withBucketKey: RequestCost;
}

function cost(requests: number, model: CostModel): RequestCost {
  return { requests, monthlyUsd: (requests / 10_000) * model.pricePer10kRequests };
}

/** KMS requests and monthly cost for SSE-KMS with and without a Bucket Key. */
export function estimateKmsRequests(model: CostModel): KmsEstimate {
  const without = Math.max(0, model.monthlyObjectRequests);
  return {
    withoutBucketKey: cost(without, model),
    withBucketKey: cost(Math.round(without * (1 - BUCKET_KEY_REQUEST_REDUCTION)), model),
  };
}
