import type { Command } from "../src/dispatch/types.ts";
import { ask } from "./ask.ts";
import { caseCommand } from "./case.ts";
import { correct } from "./correct.ts";
import { digest } from "./digest.ts";
import { documents } from "./documents.ts";
import { help } from "./help.ts";
import { random } from "./random.ts";
import { remove } from "./remove.ts";
import { start } from "./start.ts";
import { stats } from "./stats.ts";
import { subscribe } from "./subscribe.ts";
import { subscription } from "./subscription.ts";
import { units } from "./units.ts";
import { unsubscribe } from "./unsubscribe.ts";

/**
 * Every chat command, in menu order: the platform-neutral ones here, then the commands platforms
 * add (WeCom's 推送群), then help. Adapters, /help and Telegram's setMyCommands all read this list;
 * add a command by adding its module here.
 */
export function commandList(platformCommands: readonly Command[] = []): Command[] {
  return [ask, caseCommand, units, random, digest, subscribe, unsubscribe, subscription, stats, ...platformCommands, documents, correct, remove, help, start];
}

/** The platform-neutral commands alone. */
export const allCommands: readonly Command[] = commandList();
