// The weekly push (issue 4). Commands (/subscribe …), the WeCom webhook commands, main.ts and the
// CLI talk to the digest only through this interface; the implementation is src/digest/service.ts.
import type { ChatRef, UserRef } from "../chat.ts";
import type { Reply } from "../reply/types.ts";
import type { UpsertChange } from "../store/subscriptions.ts";
import type { OutboxRecord, SubscriptionRecord } from "../store/types.ts";
import type { DeliveryChannel, PushTarget } from "./delivery.ts";

/** A validated schedule: a 5-field cron expression in an IANA time zone. */
export interface Schedule {
  cron: string;
  timezone: string;
  /** How the schedule reads in chat, e.g. "每周一 09:00" or "cron 0 9 * * 1". */
  label: string;
}

export interface SubscribeRequest {
  /** The delivery channel (a platform's name, or a push-only channel such as group robots) and chat. */
  target: PushTarget;
  by: UserRef;
  /** "周一 09:00", "每周五 17:30", "星期五 17:30" or a cron expression; empty → DIGEST_CRON. */
  scheduleText?: string;
  title?: string;
  /** What the push carries when not the weekly case (a PushContent's name, see content.ts). */
  content?: string;
}

export interface SubscriptionStatus {
  subscription: SubscriptionRecord;
  schedule: Schedule;
  /** The next scheduled push after `now`. */
  nextRun: Date;
  /** Fire time of the period that is open now (latest fire time <= now), if any. */
  currentPeriod?: string;
  /** The outbox entry for the current period, when one exists. */
  currentEntry?: OutboxRecord;
  /** Case the next push would carry (undefined when the library is empty). */
  nextCaseId?: string;
}

export interface SubscribeResult {
  status: SubscriptionStatus;
  /** "created": new; "updated": schedule/topic changed; "reactivated": was unsubscribed or deactivated. */
  change: UpsertChange;
}

export interface PlanEntry {
  key: string;
  target: PushTarget;
  schedule: Schedule;
  nextRun: Date;
  caseId?: string;
  caseTitle?: string;
}

/** What one fan-out did. Counts are per subscription. */
export interface RunReport {
  /** Subscriptions whose current period had no finished outbox entry when the run started. */
  due: number;
  sent: number;
  /** Periods that ended before they could be sent (bot was down): recorded, not sent. */
  skipped: number;
  failed: number;
  /** Chats that blocked/removed the bot and were deactivated. */
  blocked: number;
  migrated: number;
  /** Due subscriptions whose channel is not running in this process (left for a process that has it). */
  noChannel: number;
  /** Entries left pending for a later run (failures in transit, long flood waits). */
  retryLater: number;
  durationMs: number;
}

export interface DigestScheduler {
  /** Stops firing; resolves after the fan-out in progress (if any) has finished. */
  stop(): Promise<void>;
  /** Resolves when no fan-out is running. */
  idle(): Promise<void>;
}

export interface DigestService {
  /** Parses and validates a schedule; throws UserInputError with a Chinese explanation. */
  parseSchedule(text: string | undefined): Schedule;
  subscribe(req: SubscribeRequest): Promise<SubscribeResult>;
  /** Returns false when there was no active subscription. */
  unsubscribe(target: PushTarget, content?: string): Promise<boolean>;
  status(target: PushTarget, now?: Date, content?: string): SubscriptionStatus | undefined;
  /** The card this chat would receive if a push went out now (subscribed or not). */
  preview(target: PushTarget): { caseId: string; reply: Reply } | undefined;
  /** Every active subscription with its next push time and the case it would get. */
  plan(now?: Date): PlanEntry[];
  /**
   * The fan-out: resumes pending outbox entries, sends every current period that has not been
   * sent, records periods that are no longer current as skipped. Idempotent per (chat, period).
   */
  sendDue(channels: readonly DeliveryChannel[], now?: Date): Promise<RunReport>;
  /**
   * Replays "sent" marks an interrupted run left in the outbox journal (sendDue does this itself;
   * call it before reading status/plan in a fresh process).
   */
  recover(): Promise<void>;
  /** Runs sendDue once now (resume + catch-up), then on every scheduled fire time; never overlapping. */
  startScheduler(channels: readonly DeliveryChannel[]): DigestScheduler;
  /** Releases the outbox journal's file (after the scheduler stopped); marks already written stay for the next start. */
  close(): Promise<void>;
}

/** The push target for a chat a command came from: the channel named like the chat's platform. */
export function targetOf(chat: ChatRef): PushTarget {
  return chat.topicId ? { channel: chat.platform, chatId: chat.chatId, topicId: chat.topicId } : { channel: chat.platform, chatId: chat.chatId };
}
