/** Characters that are trouble in a file name on some system, or in a chat message. */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029<>:"|?*\\/]/gu;

/**
 * A document name as the articles directory stores it: the last path segment, without control
 * or reserved characters, without a leading dot (hidden files are not sources), at most 120
 * characters with the extension kept. "" when nothing is left.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? "";
  const cleaned = last.normalize("NFC").replace(UNSAFE, "_").replace(/\s+/g, " ").trim().replace(/^[.\s]+/, "");
  if (cleaned.length <= 120) return cleaned;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(cleaned)?.[0] ?? "";
  return cleaned.slice(0, 120 - ext.length) + ext;
}
