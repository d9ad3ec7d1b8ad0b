// The group-robot webhook registry (issue 5): the 推送群 command, the push channel and the CLI use
// it; the implementation is src/platforms/wecom/webhook/service.ts.
import type { UserRef } from "../../chat.ts";
import type { SubscribeResult } from "../../digest/service-types.ts";
import type { WebhookRecord } from "../../store/types.ts";

/** A webhook as it may be shown or logged: the URL is redacted (its key is a credential). */
export interface WebhookInfo {
  name: string;
  /** e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…1a2b */
  redactedUrl: string;
  active: boolean;
  failures: number;
  addedAt: string;
  addedBy?: string;
  /** The registering chat (chatKey), when a chat registered it. */
  owner?: string;
  lastError?: string;
}

/**
 * Whose webhooks a caller sees and changes: one chat's (a group admin in that group), or every
 * one (the CLI on the bot's host, an editor). Omitted means every one — only trusted callers omit it.
 */
export type WebhookScope = { chat: string } | "all";

export interface AddWebhookResult {
  webhook: WebhookInfo;
  /** "reactivated": the name existed but had been deactivated after failures. */
  change: "created" | "updated" | "reactivated" | "unchanged";
  /** The weekly-push subscription, when a digest service is running. */
  subscription?: SubscribeResult;
}

export interface WebhookService {
  /** WECOM_WEBHOOK_ALLOWED_HOSTS (hostKey form): the only hosts besides WeCom's a URL may name. */
  readonly allowedHosts: readonly string[];
  /**
   * Registers (or re-registers) a group robot under `name` and subscribes it to the weekly push.
   * Throws UserInputError (Chinese message) for a bad name or URL, or a name another chat owns.
   */
  add(name: string, url: string, by?: UserRef, scheduleText?: string, scope?: WebhookScope): Promise<AddWebhookResult>;
  /** Forgets the webhook and its subscription; false when there was none in the scope. */
  remove(name: string, scope?: WebhookScope): Promise<boolean>;
  list(scope?: WebhookScope): WebhookInfo[];
  /** The full record, URL included: for the delivery channel only. */
  lookup(name: string): WebhookRecord | undefined;
  recordSuccess(name: string): Promise<void>;
  /** Counts a consecutive failure; deactivates the webhook at the limit (WECOM_WEBHOOK_MAX_FAILURES). */
  recordFailure(name: string, reason: string): Promise<{ failures: number; deactivated: boolean }>;
}
