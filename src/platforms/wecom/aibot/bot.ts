import { WSClient, type TemplateCard, type WSClientOptions, type WsFrame } from "@wecom/aibot-node-sdk";
import { ConfigError, userMessageOf } from "../../../errors.ts";
import type { DeliveryChannel } from "../../../digest/delivery.ts";
import type { Logger } from "../../../logger.ts";
import { textReply } from "../../../reply/build.ts";
import type { Reply } from "../../../reply/types.ts";
import type { Services } from "../../../dispatch/types.ts";
import type { AibotSection } from "../profile.ts";
import { createMsgIdDedupe, type MsgIdDedupe } from "../dedupe.ts";
import { createUserRateLimiter, type UserRateLimiter } from "../../../interaction/rate-limit.ts";
import { chatRefOf, handleWecomMessage, userRefOf, welcomeText, wecomContext, type WecomMessageBody } from "../incoming.ts";
import { decodeAction, resolveAction } from "../../../interaction/actions.ts";
import { STALE_BUTTON } from "../../../messages/catalog.ts";
import { createAibotChannel } from "./channel.ts";
import { neverSent } from "./outcome.ts";
import { sdkLogger } from "./sdk-logger.ts";
import { replyToFrame, sendReply } from "./send.ts";
import { recordFeedback, feedbackReply } from "../../../interaction/feedback.ts";
import { CardMemory, cardAfterFeedback } from "./feedback-card.ts";
import { boundedDownloader, fileMessageReply, linkMessageReply, linkOf, type BoundedDownloadOptions } from "./uploads.ts";
import { createInFlight } from "../../in-flight.ts";
import { UNSUPPORTED_TEXT } from "../../../messages/catalog.ts";

export interface AibotDeps {
  aibot: AibotSection;
  services: Services;
  logger: Logger;
  now?: () => Date;
  /** Shared with the callback transport so one message is answered once, whichever way it came. */
  dedupe?: MsgIdDedupe;
  /** WECOM_ADMINS: who may change a group's subscription (empty: everyone in the group). */
  admins?: readonly string[];
  /** WECOM_EDITORS. */
  editors?: readonly string[];
  /** Overrides for the SDK (tests shorten reconnect and heartbeat intervals). */
  clientOptions?: Partial<WSClientOptions>;
  /** How long start-up waits for the first successful authentication before going on (default 15 s). */
  authTimeoutMs?: number;
  /** Per-user question limit (20 a minute by default). */
  limiter?: UserRateLimiter;
  /** Editors' file downloads: size and time bounds (tests shrink them; Telegram's by default). */
  download?: BoundedDownloadOptions;
}

export interface RunningAibot {
  channel: DeliveryChannel;
  client: WSClient;
  /** Stops taking frames, lets in-flight answers finish, then closes the connection. */
  stop(): Promise<void>;
}

/**
 * The WeCom AI bot (智能机器人) over the official long connection. The SDK authenticates with
 * aibot_subscribe, keeps the heartbeat and reconnects with back-off; this adapter decodes
 * messages, answers with a stream reply, greets on enter_chat and handles card clicks.
 */
export async function startAibot(deps: AibotDeps): Promise<RunningAibot> {
  const { aibot, services } = deps;
  const log = deps.logger.child({ platform: "wecom-aibot" });
  const { botId, secret } = aibot;

  const dedupe = deps.dedupe ?? createMsgIdDedupe();
  const commandWord = services.registry.wordFor;
  const incomingOpts = { services, admins: deps.admins ?? [], editors: deps.editors ?? [], now: deps.now, limiter: deps.limiter ?? createUserRateLimiter() };
  // Answer cards with 👍/👎, so a vote updates the card for its user instead of posting a message.
  const cards = new CardMemory();
  const onCard = (card: TemplateCard) => cards.remember(card);
  const downloader = boundedDownloader(deps.download);
  const client = new WSClient({
    botId,
    secret,
    wsUrl: aibot.wsUrl,
    // A chat bot should outlive network trouble: keep retrying (back-off caps at 30 s).
    maxReconnectAttempts: -1,
    logger: sdkLogger(log, [secret]),
    ...deps.clientOptions,
  });

  // Chats are recorded on contact (a map lookup once known), so pushes and `digest` see them.
  const { chats } = await services.stateful;
  const inflight = createInFlight();
  let stopping = false;
  const track = (work: () => Promise<void>): void => {
    if (stopping) return;
    // The handlers catch their own errors; this is the last line against an unhandled rejection.
    inflight.track(work(), (err) => log.error({ err }, "wecom: frame handler failed"));
  };

  /** Error boundary for one inbound frame: every failure is logged with its msgid, never thrown. */
  async function onMessage(frame: WsFrame<WecomMessageBody>): Promise<void> {
    const body = frame.body;
    const msgid = body?.msgid;
    if (!body || !msgid) return void log.warn({ reqId: frame.headers?.req_id }, "wecom: message without msgid ignored");
    if (dedupe.seen(msgid)) return void log.info({ msgid }, "wecom: duplicate message ignored");
    const chat = chatRefOf(body);
    if (!chat) return void log.warn({ msgid }, "wecom: message without chat or sender ignored");

    await chats.upsert(chat).catch((err: unknown) => log.warn({ err, msgid }, "wecom: could not record the chat"));
    let reply: Reply;
    try {
      // A file's URL expires in five minutes: an editor's upload is downloaded at once.
      const link = linkOf(body);
      const result =
        body.msgtype === "file"
          ? { kind: "reply" as const, reply: await fileMessageReply(downloader, body, chat, incomingOpts, log) }
          : link
            ? { kind: "reply" as const, reply: await linkMessageReply(link, body, chat, incomingOpts, log) }
            : await handleWecomMessage(body, incomingOpts);
      if (result.kind === "dropped") return void log.debug({ msgid }, "wecom: over the per-user rate limit; dropped");
      if (result.kind === "ignored") {
        log.info({ msgid, reason: result.reason }, "wecom: message not answerable");
        reply = textReply("info", UNSUPPORTED_TEXT);
      } else {
        reply = result.reply;
      }
    } catch (err) {
      log.error({ err, msgid, chatId: chat.chatId }, "wecom: failed to handle message");
      reply = textReply("error", userMessageOf(err));
    }

    try {
      await replyToFrame(client, frame, chat.chatId, reply, { commandWord, onCard });
      log.debug({ msgid, chatId: chat.chatId, kind: reply.kind }, "wecom: answered");
    } catch (err) {
      // Nothing left the process: let a redelivery of this msgid be answered after all.
      if (neverSent(err)) dedupe.forget(msgid);
      log.error({ err: describe(err), msgid, chatId: chat.chatId }, "wecom: failed to send reply");
    }
  }

  async function onEnterChat(frame: WsFrame<WecomMessageBody>): Promise<void> {
    const msgid = frame.body?.msgid;
    if (msgid && dedupe.seen(msgid)) return;
    try {
      // WeCom accepts a welcome only within 5 s of the event, so it is sent straight away.
      await client.replyWelcome(frame, { msgtype: "text", text: { content: welcomeText(services) } });
    } catch (err) {
      log.error({ err: describe(err), msgid }, "wecom: failed to send welcome");
    }
  }

  async function onCardClick(frame: WsFrame<WecomMessageBody>): Promise<void> {
    const body = frame.body;
    const msgid = body?.msgid;
    if (!body || (msgid && dedupe.seen(msgid))) return;
    const event = body.event as (WecomMessageBody["event"] & { template_card_event?: { event_key?: string; task_id?: string } }) | undefined;
    const action = decodeAction(event?.event_key ?? event?.template_card_event?.event_key);
    const chat = chatRefOf(body);
    if (!action || !chat) return void log.info({ msgid, key: event?.event_key }, "wecom: unknown card click ignored");
    if (action.type === "feedback") {
      const outcome = recordFeedback(services.questions, action.answer, action.choice, { platform: chat.platform, id: userRefOf(body).id });
      const card = cards.get(event?.task_id ?? event?.template_card_event?.task_id);
      try {
        // WeCom takes a card update only within 5 s of the click, so it goes out at once.
        if (card) return void (await client.updateTemplateCard(frame, cardAfterFeedback(card, action.answer, action.choice, outcome), [userRefOf(body).id]));
        await sendReply(client, chat.chatId, feedbackReply(outcome), { commandWord, cards: true });
      } catch (err) {
        log.error({ err: describe(err), msgid, chatId: chat.chatId }, "wecom: failed to acknowledge feedback");
      }
      return;
    }
    let reply: Reply;
    try {
      // The question rides in the key, so there is nothing to recover: a stale press is said to be one.
      const run = resolveAction(action, services);
      reply = run ? await run(wecomContext(body, chat, incomingOpts)) : textReply("error", STALE_BUTTON);
    } catch (err) {
      log.error({ err, msgid, chatId: chat.chatId }, "wecom: failed to handle card click");
      reply = textReply("error", userMessageOf(err));
    }
    try {
      // A card event cannot carry a stream reply, so the answer goes to the chat as a new message.
      await sendReply(client, chat.chatId, reply, { commandWord, cards: true, onCard });
    } catch (err) {
      log.error({ err: describe(err), msgid, chatId: chat.chatId }, "wecom: failed to send card answer");
    }
  }

  const handle = (fn: (f: WsFrame<WecomMessageBody>) => Promise<void>) => (frame: WsFrame) => track(() => fn(frame as WsFrame<WecomMessageBody>));
  for (const type of ["text", "mixed", "voice", "image", "file", "video"] as const) client.on(`message.${type}`, handle(onMessage));
  client.on("event.enter_chat", handle(onEnterChat));
  client.on("event.template_card_event", handle(onCardClick));
  client.on("event.disconnected_event", () =>
    log.error(
      "wecom: WeCom closed this long connection because another process connected with the same WECOM_BOT_ID; " +
        "this process no longer receives WeCom AI-bot messages. Run one instance per bot, then restart this one.",
    ),
  );
  client.on("authenticated", () => log.info("wecom: long connection authenticated"));
  client.on("disconnected", (reason) => log.warn({ reason }, "wecom: long connection closed"));
  client.on("reconnecting", (attempt) => log.info({ attempt }, "wecom: reconnecting"));
  client.on("error", (err) => log.error({ err: describe(err) }, "wecom: long connection error"));

  await connect(client, log, deps.authTimeoutMs ?? 15_000);

  return {
    channel: createAibotChannel(client, { commandWord }),
    client,
    async stop() {
      stopping = true;
      await inflight.drain();
      client.removeAllListeners();
      client.disconnect();
    },
  };
}

/**
 * Connects and waits for the first authentication. Rejected credentials stop start-up with a
 * message naming the variables; an unreachable endpoint does not — the SDK keeps retrying.
 */
async function connect(client: WSClient, log: Logger, timeoutMs: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      log.warn({ timeoutMs }, "wecom: not authenticated yet; going on and retrying in the background");
      resolve();
    }, timeoutMs);
    const onAuth = (): void => {
      cleanup();
      resolve();
    };
    const onError = (err: Error): void => {
      if (!/^Authentication failed/.test(err.message)) return;
      cleanup();
      client.disconnect();
      reject(
        new ConfigError(
          `WeCom rejected the AI bot credentials (${err.message}). Check WECOM_BOT_ID and WECOM_BOT_SECRET ` +
            "(WeCom admin console → 智能机器人 → API 模式 → 长连接).",
        ),
      );
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      client.off("authenticated", onAuth);
      client.off("error", onError);
    };
    client.on("authenticated", onAuth);
    client.on("error", onError);
    client.connect();
  });
}

/** The SDK rejects with ack frames ({ errcode, errmsg }) as well as Errors; log both readably. */
function describe(err: unknown): unknown {
  if (err instanceof Error) return err;
  if (err && typeof err === "object" && "errcode" in err) {
    const { errcode, errmsg } = err as { errcode?: unknown; errmsg?: unknown };
    return { errcode, errmsg };
  }
  return String(err);
}
