import { z } from "../../env.ts";
import { definePlatform, type Capabilities } from "../types.ts";

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

const schema = z.object({
  /** 1 forces the console chat even when platform tokens are set; 0 never opens it. */
  CASEBOT_CONSOLE: z.enum(["0", "1", "auto"]).default("auto"),
});

/** A chat on stdin/stdout: `npm start` with no tokens. */
export const consolePlatform = definePlatform({
  name: "console",
  capabilities: CONSOLE_CAPABILITIES,
  settings: {
    schema,
    secrets: [],
    section: (v): ConsoleSection | undefined => (v.CASEBOT_CONSOLE === "0" ? undefined : { auto: v.CASEBOT_CONSOLE === "auto" }),
  },
  fallback: (section) => section.auto,
  usesTerminal: true,
  async start(host) {
    const { startConsole } = await import("./console.ts");
    return startConsole(host);
  },
});
