import type { Command } from "../src/commands/types.ts";
import { ask } from "./ask.ts";
import { caseCommand } from "./case.ts";
import { digest } from "./digest.ts";
import { help } from "./help.ts";
import { random } from "./random.ts";
import { start } from "./start.ts";
import { subscribe } from "./subscribe.ts";
import { subscription } from "./subscription.ts";
import { units } from "./units.ts";
import { unsubscribe } from "./unsubscribe.ts";
import { wecomWebhook } from "./wecom-webhook.ts";

/**
 * Every chat command, in menu order. Adapters, /help and Telegram's setMyCommands all read
 * this list; add a command by adding its module here.
 */
export const allCommands: readonly Command[] = [ask, caseCommand, units, random, digest, subscribe, unsubscribe, subscription, wecomWebhook, help, start];
