/**
 * Turns a file's bytes into text the parsers can trust, or says plainly why it can't.
 * Pure: no file system access; the CLI and the server read the bytes.
 */

/** Files above this size are skipped with a message (a template is limited to 1 MB by CloudFormation). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type UnreadableReason = 'too-large' | 'binary' | 'not-utf8';

export type DecodedSource =
  | { ok: true; text: string; hadBom: boolean }
  | { ok: false; reason: UnreadableReason; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 bytes, refusing oversized, binary and non-UTF-8 input. Strips a leading BOM. */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  if (bytes.length > MAX_FILE_BYTES) {
    const mb = (bytes.length / (1024 * 1024)).toFixed(1);
    return { ok: false, reason: 'too-large', message: `skipped: file is ${mb} MB, above the 5 MB limit` };
  }
  // A NUL byte never occurs in a text template; it marks images, archives and compiled files.
  if (bytes.indexOf(0) !== -1) {
    return { ok: false, reason: 'binary', message: 'skipped: binary file (contains NUL bytes)' };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not-utf8', message: 'cannot read: file is not valid UTF-8 (save it as UTF-8)' };
  }
  return stripBom(text);
}

/** Removes a leading byte-order mark so that columns count from the first visible character. */
export function stripBom(text: string): { ok: true; text: string; hadBom: boolean } {
  if (text.charCodeAt(0) === 0xfeff) return { ok: true, text: text.slice(1), hadBom: true };
  return { ok: true, text, hadBom: false };
}
