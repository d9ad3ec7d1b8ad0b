import { consolePlatform } from "./console/adapter.ts";
import { telegramPlatform } from "./telegram/adapter.ts";
import { wecomPlatform } from "./wecom/adapter.ts";

/**
 * Every platform the bot can run, one line each. main.ts, the config and the digest wiring loop
 * over this list; adding a platform is its folder plus one line here.
 */
export const PLATFORMS = [telegramPlatform, wecomPlatform, consolePlatform] as const;

