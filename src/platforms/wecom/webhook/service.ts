import { storedReason } from "../../../safety/secrets.ts";
import type { DigestService } from "../../../digest/service-types.ts";
import type { Logger } from "../../../logger.ts";
import type { StatefulServices } from "../../../dispatch/types.ts";
import type { StateStore } from "../../../store/state-store.ts";
import type { WebhookRecord } from "../../../store/types.ts";
import type { RobotsSection } from "../profile.ts";
import type { AddWebhookResult, WebhookInfo, WebhookScope, WebhookService } from "../webhook-types.ts";
import { UserInputError } from "../../../errors.ts";
import { redactWebhookUrl, validateWebhookName, validateWebhookUrl } from "./url.ts";
import { WEBHOOK_TEXT } from "../../../messages/catalog.ts";

/** Delivery channel name for group robots; a subscription's chatId is the webhook's name. */
export const WEBHOOK_CHANNEL = "wecom-webhook";

export interface WebhookServiceDeps {
  store: StateStore;
  logger: Logger;
  /** Consecutive failures before a webhook is deactivated (WECOM_WEBHOOK_MAX_FAILURES). */
  maxFailures: number;
  /** The weekly push, when it runs: registering a robot subscribes it. */
  digest?: DigestService;
  /** WECOM_WEBHOOK_ALLOWED_HOSTS: hosts besides WeCom's that may be registered (local stand-ins). */
  allowedHosts?: readonly string[];
  now?: () => Date;
}

export function toInfo(r: WebhookRecord): WebhookInfo {
  return {
    name: r.name,
    redactedUrl: redactWebhookUrl(r.url),
    active: r.active,
    failures: r.failures,
    addedAt: r.addedAt,
    addedBy: r.addedBy || undefined,
    owner: r.owner || undefined,
    lastError: r.lastError || undefined,
  };
}

/** Whether a record is visible to (and changeable by) the scope. */
function inScope(r: WebhookRecord, scope: WebhookScope): boolean {
  return scope === "all" || r.owner === scope.chat;
}

const registries = new WeakMap<StateStore, WebhookService>();

/**
 * The group-robot registry of a process: one per state file, shared by the 推送群 command, the
 * push channel and the CLI. Subscribes robots through the digest when it runs.
 */
export function robotsFor(stateful: StatefulServices, robots: RobotsSection, logger: Logger, now: () => Date): WebhookService {
  let registry = registries.get(stateful.store);
  if (!registry) {
    registry = createWebhookService({
      store: stateful.store,
      logger,
      maxFailures: robots.maxFailures,
      digest: stateful.digest,
      allowedHosts: robots.allowedHosts,
      now,
    });
    registries.set(stateful.store, registry);
  }
  return registry;
}

/** The webhook registry in the lowdb state. URLs (they contain the robot key) never reach a log. */
export function createWebhookService(deps: WebhookServiceDeps): WebhookService {
  const { store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const target = (name: string) => ({ channel: WEBHOOK_CHANNEL, chatId: name });

  return {
    allowedHosts: deps.allowedHosts ?? [],

    async add(rawName, rawUrl, by, scheduleText, scope = "all"): Promise<AddWebhookResult> {
      const name = validateWebhookName(rawName);
      const url = validateWebhookUrl(rawUrl, { allowedHosts: deps.allowedHosts });
      // Names are one namespace (a subscription is keyed by the name), so a chat cannot take over
      // a name that another chat, the CLI or an older version registered.
      const taken = store.data.webhooks[name];
      if (taken && !inScope(taken, scope)) throw new UserInputError(WEBHOOK_TEXT.nameTaken(name));
      const digest = deps.digest;
      // Validate the schedule before storing anything, so a typo leaves no half-registered webhook.
      if (digest && scheduleText) digest.parseSchedule(scheduleText);
      // The record as this add wrote it: a concurrent remove may delete it before the write resolves.
      let written: WebhookRecord | undefined;
      const change = await store.update((s): AddWebhookResult["change"] => {
        const old = s.webhooks[name];
        const at = now().toISOString();
        s.webhooks[name] = written = {
          name,
          url,
          addedAt: old?.url === url ? old.addedAt : at,
          addedBy: by ? (by.name ? `${by.name} (${by.id})` : by.id) : old?.addedBy,
          owner: scope === "all" ? old?.owner : scope.chat,
          active: true,
          failures: 0,
        };
        if (!old) return "created";
        if (old.url !== url) return "updated";
        return old.active ? "unchanged" : "reactivated";
      });
      const record = { ...(written as WebhookRecord) };
      logger.info({ webhook: name, url: redactWebhookUrl(url), change }, "wecom webhook registered");
      const subscription = digest
        ? await digest.subscribe({ target: target(name), by: by ?? { id: "cli" }, scheduleText, title: name })
        : undefined;
      return { webhook: toInfo(record), change, subscription };
    },

    async remove(rawName, scope = "all") {
      const name = rawName.trim();
      const existed = await store.update((s) => {
        const r = s.webhooks[name];
        if (!r || !inScope(r, scope)) return false;
        delete s.webhooks[name];
        return true;
      });
      if (existed) {
        await deps.digest?.unsubscribe(target(name));
        logger.info({ webhook: name }, "wecom webhook removed");
      }
      return existed;
    },

    list(scope = "all") {
      return Object.values(store.data.webhooks)
        .filter((r) => inScope(r, scope))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(toInfo);
    },

    lookup: (name) => store.data.webhooks[name],

    async recordSuccess(name) {
      const w = store.data.webhooks[name];
      if (!w || (w.failures === 0 && !w.lastError)) return;
      await store.update((s) => {
        const r = s.webhooks[name];
        if (!r) return;
        r.failures = 0;
        delete r.lastError;
      });
    },

    async recordFailure(name, reason) {
      const result = await store.update((s) => {
        const r = s.webhooks[name];
        if (!r) return { failures: 0, deactivated: false };
        r.failures += 1;
        r.lastError = storedReason(reason);
        const deactivated = r.active && r.failures >= deps.maxFailures;
        if (deactivated) r.active = false;
        return { failures: r.failures, deactivated };
      });
      if (result.deactivated) {
        logger.warn({ webhook: name, failures: result.failures, reason }, "wecom webhook deactivated after consecutive failures; re-add it to turn it back on");
      }
      return result;
    },
  };
}
