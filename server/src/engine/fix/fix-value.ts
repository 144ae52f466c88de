/**
 * A value a fix writes, independent of the format: writers render it as YAML (short-form tags),
 * JSON (long-form intrinsics), and later HCL or TypeScript.
 */
export type FixValue = string | number | boolean | FixIntrinsic | FixValue[] | { [key: string]: FixValue };

export type FixIntrinsic =
  | { $intrinsic: 'Ref'; name: string }
  | { $intrinsic: 'GetAtt'; resource: string; attribute: string }
  | { $intrinsic: 'Sub'; template: string };

export const ref = (name: string): FixIntrinsic => ({ $intrinsic: 'Ref', name });
export const getAtt = (resource: string, attribute: string): FixIntrinsic => ({ $intrinsic: 'GetAtt', resource, attribute });
export const sub = (template: string): FixIntrinsic => ({ $intrinsic: 'Sub', template });

export function isIntrinsic(value: FixValue): value is FixIntrinsic {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && '$intrinsic' in value;
}

export function isMapValue(value: FixValue): value is { [key: string]: FixValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isIntrinsic(value);
}

/** A path below a resource's `Properties`: keys and sequence indexes. */
export type PropertyPath = (string | number)[];

/** `BucketEncryption.ServerSideEncryptionConfiguration[0].BucketKeyEnabled` → its segments. */
export function parseNativePath(nativePath: string): PropertyPath {
  const segments: PropertyPath = [];
  for (const part of nativePath.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [part];
    if (match[1]) segments.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** The value to create for the part of a path that does not exist yet. */
export function nestValue(path: PropertyPath, value: FixValue): FixValue {
  let result = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    result = typeof segment === 'number' ? [result] : { [segment]: result };
  }
  return result;
}
