// zod through env.ts: its CommonJS build, which loads far faster under tsx than the ES-module one.
import { z, type Zod } from "../config/env.ts";
import type { Collection } from "./tracking.ts";

/**
 * The shape of each stored record, checked on load (db.json and the change journal). Lenient on
 * purpose: only what the code relies on is required, unknown fields are kept, so a file written by
 * an older or newer version loads; what fails is a record the code would trip over (a `null`
 * subscription, a count that is a string), which is then quarantined instead of breaking every
 * weekly push.
 */
const text = z.string();
const optionalText = z.string().optional();

const chat = z.looseObject({
  platform: text,
  chatId: text,
  type: z.enum(["private", "group"]),
  title: optionalText,
  active: z.boolean(),
  inactiveReason: optionalText,
  migratedTo: optionalText,
  firstSeen: text,
  updatedAt: text,
});

const subscription = z.looseObject({
  key: text,
  platform: text,
  chatId: text,
  topicId: optionalText,
  title: optionalText,
  cron: text,
  timezone: text,
  subscribedBy: z.looseObject({ id: text, name: optionalText }),
  subscribedAt: text,
  activeSince: text,
  updatedAt: text,
  active: z.boolean(),
  inactiveReason: optionalText,
  sentInCycle: z.array(text),
  cycle: z.number().int().positive(),
  lastSentAt: optionalText,
  lastPeriod: optionalText,
  lastCaseId: optionalText,
});

const outbox = z.looseObject({
  key: text,
  subscription: text,
  period: text,
  platform: text,
  chatId: text,
  topicId: optionalText,
  caseId: text,
  status: z.enum(["pending", "sent", "skipped", "failed"]),
  createdAt: text,
  updatedAt: text,
  attempts: z.number().int().nonnegative(),
  sentAt: optionalText,
  error: optionalText,
});

const webhook = z.looseObject({
  name: text,
  url: text,
  addedBy: optionalText,
  addedAt: text,
  active: z.boolean(),
  failures: z.number().int().nonnegative(),
  lastError: optionalText,
});

export const RECORD_SCHEMAS: Record<Collection, Zod.ZodType> = { chats: chat, subscriptions: subscription, outbox, webhooks: webhook };

/** Why a record is unusable (the first few issues, paths and messages only), or undefined when it is fine. */
export function recordProblem(collection: Collection, value: unknown): string | undefined {
  const result = RECORD_SCHEMAS[collection].safeParse(value);
  if (result.success) return undefined;
  return result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "(record)"}: ${i.message}`)
    .join("; ");
}
