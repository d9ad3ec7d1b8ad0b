import { encrypt, getSignature } from "@wecom/crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CasebotError } from "../../src/errors.ts";
import { createLogger } from "../../src/logger.ts";
import { handleMessage, type CallbackHandlerDeps } from "../../src/platforms/wecom/callback/handler.ts";
import { createWecomCrypto } from "../../src/platforms/wecom/crypto.ts";
import { createMsgIdDedupe } from "../../src/platforms/wecom/dedupe.ts";
import { handleWecomMessage, type WecomMessageBody } from "../../src/platforms/wecom/incoming.ts";
import { renderWecomMarkdown } from "../../src/platforms/wecom/markdown.ts";
import { testServices, type TestServices } from "../support/services.ts";
import { testLibrary } from "../support/telegram-harness.ts";
import { wecomVectors } from "../support/wecom-vectors.ts";
import { FUZZ_PARAMS, hasLoneSurrogate, hostileText } from "./fuzz-support.ts";

const vec = wecomVectors.find((v) => v.kind === "verifyurl")!;
const { token: TOKEN, encodingAESKey: AES_KEY } = vec;

let services: TestServices;
beforeAll(async () => {
  services = testServices({ library: await testLibrary() });
});

/** A frame body as the AI bot's long connection delivers it, shaped or not. */
const frame: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      msgid: fc.string({ maxLength: 20 }),
      chattype: fc.constantFrom("single", "group", "other", 5),
      chatid: fc.oneof(fc.string({ maxLength: 300 }), fc.integer()),
      from: fc.oneof(fc.record({ userid: fc.oneof(fc.string({ maxLength: 300 }), fc.constant(null)) }), fc.constant(null)),
      msgtype: fc.constantFrom("text", "mixed", "voice", "image", "event", undefined),
      text: fc.oneof(fc.record({ content: hostileText() }), fc.constant(null), fc.string()),
      mixed: fc.record({ msg_item: fc.array(fc.record({ msgtype: fc.constantFrom("text", "image"), text: fc.record({ content: hostileText() }) }), { maxLength: 3 }) }),
      voice: fc.record({ content: hostileText() }),
    },
    { requiredKeys: [] },
  ),
  fc.anything({ maxDepth: 2 }),
);

describe("fuzz: WeCom", () => {
  it("AI-bot frames: never crash (only refusals are thrown); text gets a reply; no lone surrogates", async () => {
    await fc.assert(
      fc.asyncProperty(frame, async (body) => {
        let result;
        try {
          result = await handleWecomMessage((body ?? {}) as WecomMessageBody, { services });
        } catch (err) {
          expect(err).toBeInstanceOf(CasebotError);
          return;
        }
        const b = body as { msgtype?: string; text?: { content?: unknown }; from?: { userid?: unknown }; chattype?: unknown } | null;
        if (b?.msgtype === "text" && typeof b.text?.content === "string" && b.chattype === "single" && typeof b.from?.userid === "string" && b.from.userid.length > 0 && b.from.userid.length <= 256) {
          expect(result.kind).toBe("reply");
        }
        if (result.kind === "reply") expect(hasLoneSurrogate(renderWecomMarkdown(result.reply))).toBe(false);
      }),
      FUZZ_PARAMS,
    );
  });

  it("callback bodies, forged or validly encrypted around garbage: a 2xx/4xx answer, never a throw or a secret", async () => {
    const logs: string[] = [];
    const deps: CallbackHandlerDeps = {
      crypto: createWecomCrypto({ token: TOKEN, encodingAESKey: AES_KEY, receiveId: "", maxSkewS: 0 }),
      services,
      logger: createLogger("debug", { write: (s: string) => void logs.push(s) }),
      dedupe: createMsgIdDedupe(),
      budgetMs: 1000,
      fetch: (async () => new Response("{}")) as typeof fetch,
      now: () => new Date(),
      track: () => undefined,
    };
    const sealed = (plain: string, syntax: "json" | "xml") => {
      const ciphertext = encrypt(AES_KEY, plain, "");
      const timestamp = "1700000000";
      const nonce = "n1";
      const msg_signature = getSignature(TOKEN, timestamp, nonce, ciphertext);
      const body = syntax === "json" ? JSON.stringify({ encrypt: ciphertext }) : `<xml><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
      return { params: new URLSearchParams({ msg_signature, timestamp, nonce }), body, type: syntax === "json" ? "application/json" : "text/xml" };
    };
    const request = fc.oneof(
      fc.record({ params: fc.constant(new URLSearchParams({ msg_signature: "a".repeat(40), timestamp: "1", nonce: "1" })), body: hostileText(), type: fc.constantFrom("text/xml", "application/json", "") }),
      fc.tuple(fc.oneof(hostileText(), frame.map((f) => JSON.stringify(f) ?? "null"), hostileText().map((t) => `<xml><MsgType>text</MsgType><Content>${t}</Content><FromUserName>u</FromUserName></xml>`)), fc.constantFrom("json" as const, "xml" as const)).map(([p, s]) => sealed(p, s)),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const answer = await handleMessage(r.params, r.body, r.type, deps);
        expect(answer.status === 200 || (answer.status >= 400 && answer.status < 500)).toBe(true);
        expect(answer.body).not.toContain(AES_KEY);
        expect(answer.body).not.toContain(TOKEN);
      }),
      FUZZ_PARAMS,
    );
    expect(logs.join("")).not.toContain(AES_KEY);
  });
});
