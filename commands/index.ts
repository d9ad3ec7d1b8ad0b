import type { Command } from "../src/commands/types.ts";
import { ask } from "./ask.ts";
import { caseCommand } from "./case.ts";
import { help } from "./help.ts";
import { random } from "./random.ts";
import { start } from "./start.ts";
import { units } from "./units.ts";
import { wecomWebhook } from "./wecom-webhook.ts";

/**
 * Every chat command, in menu order. Adapters, /help and Telegram's setMyCommands all read
 * this list; add a command by adding its module here.
 */
export const allCommands: readonly Command[] = [ask, caseCommand, units, random, wecomWebhook, help, start];
