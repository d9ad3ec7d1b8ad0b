import type { Capabilities } from "./capabilities.ts";
import { renderPlain } from "./plain.ts";
import { splitText, utf16Length, utf8Bytes } from "./split.ts";
import type { Reply } from "./types.ts";

/**
 * A reply as the plain-text messages a platform with plain markup sends: command buttons become
 * "label：word" hints where the platform has no buttons, and the text is split at the platform's
 * message limit, measured its way (characters or UTF-8 bytes). Platforms with their own markup
 * (Telegram HTML, WeCom markdown) render and split in their folders, by the same limits.
 */
export function plainMessages(reply: Reply, capabilities: Pick<Capabilities, "buttons" | "messageLimit">, commandWord: (name: string) => string): string[] {
  const text = renderPlain(reply, { buttons: !capabilities.buttons, commandWord });
  const { max, unit } = capabilities.messageLimit;
  return splitText(text, max, unit === "utf8-bytes" ? utf8Bytes : utf16Length);
}
