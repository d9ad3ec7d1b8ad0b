import { z } from "../../config/env.ts";
import { definePlatform } from "../types.ts";
import { CONSOLE_CAPABILITIES, type ConsoleSection } from "./profile.ts";

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
