import type { Capabilities } from "../../reply/capabilities.ts";

/** What the console is to the rest of the bot: its config section and its capabilities (a leaf). */

/** The console's section: present unless CASEBOT_CONSOLE=0. */
export interface ConsoleSection {
  /** CASEBOT_CONSOLE=auto: open only when no other platform takes messages. */
  auto: boolean;
}

export const CONSOLE_CAPABILITIES: Capabilities = {
  slashCommands: true,
  bareCommandWords: true,
  inlineSharing: false,
  fileUpload: false,
  messageLimit: { max: Number.POSITIVE_INFINITY, unit: "characters" },
  markup: "plain",
  // A terminal on the bot's own host: the person typing runs the bot.
  operator: true,
};

declare module "../../config/config.ts" {
  interface PlatformSections {
    console?: ConsoleSection;
  }
}
