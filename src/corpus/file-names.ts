/** Characters that are trouble in a file name on some system, or in a chat message. */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029<>:"|?*\\/]/gu;

/** What file systems allow in one name (ext4, APFS, NTFS's UTF-16 aside): 255 bytes. */
export const MAX_NAME_BYTES = 255;

/**
 * `name` shortened to at most 255 bytes of UTF-8 minus `reserveBytes` (room for a suffix the
 * caller adds), cut between characters, never inside one, with its extension kept.
 */
export function capFileName(name: string, reserveBytes = 0): string {
  const max = MAX_NAME_BYTES - reserveBytes;
  if (Buffer.byteLength(name) <= max) return name;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? "";
  let stem = "";
  let bytes = Buffer.byteLength(ext);
  for (const ch of name.slice(0, name.length - ext.length)) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > max) break;
    stem += ch;
    bytes += size;
  }
  return stem.trimEnd() + ext;
}

/**
 * A document name as the articles directory stores it: the last path segment, without control
 * or reserved characters, without a leading dot (hidden files are not sources), at most 255
 * bytes with the extension kept (84 Chinese characters are already 252). "" when nothing is left.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  const cleaned = last.normalize("NFC").replace(UNSAFE, "_").replace(/\s+/g, " ").trim().replace(/^[.\s]+/, "");
  return capFileName(cleaned);
}
