import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { XMLParser } from "fast-xml-parser";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { allCommands } from "../commands/index.ts";
import type { Command } from "../src/dispatch/types.ts";
import { loadConfig } from "./support/config.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import { createLogger } from "../src/logger.ts";
import { startCallbackServer, type CallbackServerOptions } from "../src/platforms/wecom/callback/server.ts";
import { WEBHOOK_BODY_LIMIT } from "../src/platforms/http-body.ts";
import { testServices, type TestServices } from "./support/services.ts";
import { startWebhookServer, type FakeWebhookServer } from "./support/webhook-server.ts";
import { wecomVectors } from "./support/wecom-vectors.ts";

const vectors = wecomVectors;
const verifyVec = vectors.find((v) => v.kind === "verifyurl")!;
const xmlVec = vectors.find((v) => v.name === "official-classic-decryptmsg-xml")!;
const jsonVec = vectors.find((v) => v.name === "official-json-callback-decryptmsg")!;
const { token: TOKEN, encodingAESKey: AES_KEY } = verifyVec;
const CORP = verifyVec.receiveId;

let library: CaseLibrary;
beforeAll(async () => {
  library = await loadLibrary("data/articles");
});

function services(commands: readonly Command[] = allCommands): TestServices {
  return testServices({ library, commands });
}

const logLines: string[] = [];
const logger = createLogger("debug", { write: (s: string) => void logLines.push(s) });

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

async function start(env: Record<string, string>, opts: CallbackServerOptions = {}, svc = services()) {
  const callback = loadConfig({ WECOM_TOKEN: TOKEN, WECOM_ENCODING_AES_KEY: AES_KEY, WECOM_CALLBACK_PORT: "8099", ...env }).platforms.wecom?.callback;
  if (!callback) throw new Error("no callback section");
  const server = await startCallbackServer({ callback, logger, services: svc }, { port: 0, host: "127.0.0.1", ...opts });
  running.push(server);
  const base = `http://127.0.0.1:${server.port}/wecom/callback`;
  return { base, server };
}

/** What WeCom would send: the plaintext encrypted for `receiveId` and signed now. */
function signedPost(plaintext: string, receiveId: string, syntax: "json" | "xml", timestamp = String(Math.floor(Date.now() / 1000)), nonce = String(Math.random()).slice(2)) {
  const ciphertext = encrypt(AES_KEY, plaintext, receiveId);
  const msg_signature = getSignature(TOKEN, timestamp, nonce, ciphertext);
  const body = syntax === "json" ? JSON.stringify({ encrypt: ciphertext }) : `<xml><ToUserName><![CDATA[${receiveId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`;
  return { query: new URLSearchParams({ msg_signature, timestamp, nonce }).toString(), body };
}

async function post(base: string, query: string, body: string) {
  const res = await fetch(`${base}?${query}`, { method: "POST", body, headers: { "content-type": body.startsWith("<") ? "text/xml" : "application/json" } });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
}

/** Checks the reply envelope's signature the way WeCom does, then decrypts it. */
function openJsonReply(text: string): { plain: string; id: string } {
  const env = JSON.parse(text) as { encrypt: string; msgsignature: string; timestamp: number; nonce: string };
  expect(env.msgsignature).toBe(getSignature(TOKEN, String(env.timestamp), env.nonce, env.encrypt));
  const { message, id } = decrypt(AES_KEY, env.encrypt);
  return { plain: message, id };
}

function openXmlReply(text: string): { plain: string; id: string } {
  const env = (new XMLParser({ parseTagValue: false }).parse(text) as { xml: { Encrypt: string; MsgSignature: string; TimeStamp: string; Nonce: string } }).xml;
  expect(env.MsgSignature).toBe(getSignature(TOKEN, env.TimeStamp, env.Nonce, env.Encrypt));
  const { message, id } = decrypt(AES_KEY, env.Encrypt);
  return { plain: message, id };
}

const aibotText = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ msgid: `m-${Math.random()}`, aibotid: "bot1", chattype: "single", from: { userid: "lisi" }, msgtype: "text", text: { content }, ...extra });

describe("callback URL verification (GET)", () => {
  it("returns the decrypted echostr for the official vector, bare", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: CORP, WECOM_MAX_SKEW_S: "0" });
    const res = await fetch(`${base}?${verifyVec.rawQuery}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(verifyVec.expectedPlaintext);
    // Some proxies pass "+" unencoded, which form decoding turns into a space.
    const loose = await fetch(`${base}?${verifyVec.rawQuery!.replace(/%2B/g, "+")}`);
    expect([loose.status, await loose.text()]).toEqual([200, verifyVec.expectedPlaintext]);
  });

  it("answers 403 with a short body for a forged signature, and 400 when parameters are missing", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: CORP, WECOM_MAX_SKEW_S: "0" });
    const forged = verifyVec.rawQuery!.replace(verifyVec.msg_signature, "0".repeat(40));
    const res = await fetch(`${base}?${forged}`);
    expect([res.status, await res.text()]).toEqual([403, "forbidden"]);
    const bare = await fetch(base);
    expect(bare.status).toBe(400);
  });
});

describe("encrypted messages (POST) with the official vectors", () => {
  it("decrypts the XML vector and answers with an encrypted, signed XML text reply to the sender", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: CORP, WECOM_MAX_SKEW_S: "0" });
    const query = `msg_signature=${xmlVec.msg_signature}&timestamp=${xmlVec.timestamp}&nonce=${xmlVec.nonce}`;
    const res = await post(base, query, xmlVec.postBody!);
    expect(res.status).toBe(200);
    expect(res.type).toContain("xml");
    const { plain, id } = openXmlReply(res.text);
    expect(id).toBe(CORP);
    const reply = (new XMLParser({ parseTagValue: false }).parse(plain) as { xml: Record<string, string> }).xml;
    expect(reply).toMatchObject({ ToUserName: "mycreate", FromUserName: CORP, MsgType: "text" });
    expect(reply.Content!.length).toBeGreaterThan(0);
  });

  it("decrypts the JSON-callback vector and answers in JSON", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: CORP, WECOM_MAX_SKEW_S: "0" });
    const query = `msg_signature=${jsonVec.msg_signature}&timestamp=${jsonVec.timestamp}&nonce=${jsonVec.nonce}`;
    const res = await post(base, query, JSON.stringify({ tousername: CORP, encrypt: jsonVec.encrypt, agentid: "218" }));
    expect(res.status).toBe(200);
    const reply = JSON.parse(openJsonReply(res.text).plain) as Record<string, unknown>;
    expect(reply).toMatchObject({ ToUserName: "mycreate", FromUserName: CORP, MsgType: "text" });
  });

  it("rejects a replay of the same signed request with 403", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: CORP, WECOM_MAX_SKEW_S: "0" });
    const query = `msg_signature=${xmlVec.msg_signature}&timestamp=${xmlVec.timestamp}&nonce=${xmlVec.nonce}`;
    expect((await post(base, query, xmlVec.postBody!)).status).toBe(200);
    const again = await post(base, query, xmlVec.postBody!);
    expect([again.status, again.text]).toEqual([403, "forbidden"]);
  });

  it("rejects a replay of a message without msgid within the skew window, even with the signature upper-cased", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: "" });
    // An enter_chat event carries no msgid, so only the signed-request memory can catch its replay.
    const event = JSON.stringify({ aibotid: "bot1", chattype: "single", from: { userid: "lisi" }, msgtype: "event", event: { eventtype: "enter_chat" } });
    const { query, body } = signedPost(event, "", "json");
    expect((await post(base, query, body)).status).toBe(200);
    const params = new URLSearchParams(query);
    params.set("msg_signature", params.get("msg_signature")!.toUpperCase());
    expect(await post(base, params.toString(), body)).toMatchObject({ status: 403, text: "forbidden" });
    expect(await post(base, query, body)).toMatchObject({ status: 403, text: "forbidden" });
  });

  it("rejects a forged signature, and the vector as stale when the skew check is on", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: CORP });
    const forged = `msg_signature=${"f".repeat(40)}&timestamp=${xmlVec.timestamp}&nonce=${xmlVec.nonce}`;
    expect(await post(base, forged, xmlVec.postBody!)).toMatchObject({ status: 403, text: "forbidden" });
    const stale = `msg_signature=${xmlVec.msg_signature}&timestamp=${xmlVec.timestamp}&nonce=${xmlVec.nonce}`;
    expect(await post(base, stale, xmlVec.postBody!)).toMatchObject({ status: 403, text: "forbidden" });
    expect(logLines.some((l) => l.includes("WecomStaleTimestampError"))).toBe(true);
  });

  it("rejects a message encrypted for another corp when WECOM_RECEIVE_ID is set", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: CORP });
    const { query, body } = signedPost("<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>帮助</Content></xml>", "wwOtherCorp", "xml");
    expect(await post(base, query, body)).toMatchObject({ status: 403, text: "forbidden" });
  });

  it("answers 400 to bodies without ciphertext, 404 elsewhere, 405 to other methods, 413 to huge bodies", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: CORP });
    const q = `msg_signature=${"a".repeat(40)}&timestamp=1&nonce=1`;
    expect((await post(base, q, "{}")).status).toBe(400);
    expect((await post(base, q, "<xml><Nope/></xml>")).status).toBe(400);
    expect((await post(base, q, "not json")).status).toBe(400);
    expect((await post(base, q, '<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>')).status).toBe(400);
    expect((await fetch(base.replace("/wecom/callback", "/other"))).status).toBe(404);
    expect((await fetch(base, { method: "PUT", body: "x" })).status).toBe(405);
    expect((await post(base, q, "x".repeat(WEBHOOK_BODY_LIMIT + 1))).status).toBe(413);
  });
});

describe("AI-bot questions (JSON, empty receive id)", () => {
  it("answers a freshly encrypted question with a decryptable finished stream naming the right unit", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: "" });
    const { query, body } = signedPost(aibotText("逢6进站"), "", "json");
    const res = await post(base, query, body);
    expect(res.status).toBe(200);
    const { plain, id } = openJsonReply(res.text);
    expect(id).toBe("");
    const reply = JSON.parse(plain) as { msgtype: string; stream: { id: string; finish: boolean; content: string } };
    expect(reply.msgtype).toBe("stream");
    expect(reply.stream.finish).toBe(true);
    expect(reply.stream.id).toMatch(/^[0-9a-f]{16}$/);
    expect(reply.stream.content).toContain("大祥区城北路街道人大工委");
    expect(Buffer.byteLength(reply.stream.content)).toBeLessThanOrEqual(20480);
  });

  it("answers a signed message with undecodable plaintext, or an oversized emoji question, without failing", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: "" });
    const junk = signedPost("{not json", "", "json");
    expect(await post(base, junk.query, junk.body)).toMatchObject({ status: 200, text: "" });
    const big = signedPost(aibotText("🙂**[x](javascript:alert(1))**".repeat(400)), "", "json");
    const res = await post(base, big.query, big.body);
    const reply = JSON.parse(openJsonReply(res.text).plain) as { stream: { content: string } };
    expect(reply.stream.content.length).toBeGreaterThan(0);
    expect(reply.stream.content).not.toContain("](javascript:");
  });

  it("records the chat on contact, like the long connection", async () => {
    const svc = services();
    const { base } = await start({ WECOM_RECEIVE_ID: "" }, {}, svc);
    const { query, body } = signedPost(aibotText("单位", { chattype: "group", chatid: "wrGroupRec" }), "", "json");
    expect((await post(base, query, body)).status).toBe(200);
    expect(svc.store.data.chats["wecom:wrGroupRec"]).toMatchObject({ platform: "wecom", chatId: "wrGroupRec", type: "group", active: true });
  });

  it("strips the @mention in groups and runs bare command words", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: "" });
    const { query, body } = signedPost(aibotText("@案例通 帮助", { chattype: "group", chatid: "wrGroup" }), "", "json");
    const reply = JSON.parse(openJsonReply((await post(base, query, body)).text).plain) as { stream: { content: string } };
    expect(reply.stream.content).toContain("案例通 · 使用说明");
  });

  it("answers a redelivered msgid (new nonce, new signature) with an empty 200", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: "" });
    const plain = aibotText("逢6进站", { msgid: "dup-1" });
    const first = signedPost(plain, "", "json");
    expect((await post(base, first.query, first.body)).text).not.toBe("");
    const second = signedPost(plain, "", "json");
    expect(await post(base, second.query, second.body)).toMatchObject({ status: 200, text: "" });
  });

  it("welcomes on the enter-chat event with a text reply, and ignores images with an empty 200", async () => {
    const { base } = await start({ WECOM_RECEIVE_ID: "" });
    const ev = signedPost(JSON.stringify({ msgid: "e1", aibotid: "b", chattype: "single", from: { userid: "u" }, msgtype: "event", event: { eventtype: "enter_chat" } }), "", "json");
    const welcome = JSON.parse(openJsonReply((await post(base, ev.query, ev.body)).text).plain) as { msgtype: string; text: { content: string } };
    expect(welcome.msgtype).toBe("text");
    expect(welcome.text.content).toContain(`收录了 ${library.cases.length} 个人大工作典型案例`);
    const img = signedPost(JSON.stringify({ msgid: "i1", chattype: "single", from: { userid: "u" }, msgtype: "image", image: { url: "x" } }), "", "json");
    expect(await post(base, img.query, img.body)).toMatchObject({ status: 200, text: "" });
  });

  it("answers empty within the budget when the answer is slow, then replies actively to response_url", async () => {
    const hook: FakeWebhookServer = await startWebhookServer({ keys: [] });
    try {
      const realAsk = allCommands.find((c) => c.name === "ask")!;
      const slowAsk: Command = { ...realAsk, run: async (ctx, args) => (await new Promise((r) => setTimeout(r, 300)), realAsk.run(ctx, args)) };
      const commands = allCommands.map((c) => (c.name === "ask" ? slowAsk : c));
      const { base, server } = await start({ WECOM_RECEIVE_ID: "" }, { budgetMs: 30 }, services(commands));
      const { query, body } = signedPost(aibotText("逢6进站", { response_url: `${hook.base}/response/abc` }), "", "json");
      const res = await post(base, query, body);
      expect(res).toMatchObject({ status: 200, text: "" });
      await server.stop(); // waits for the late active reply
      running.splice(0);
      const sent = hook.posts.find((p) => p.path === "/response/abc");
      expect(sent?.body).toMatchObject({ msgtype: "markdown" });
      const content = (sent!.body as { markdown: { content: string } }).markdown.content;
      expect(content).toContain("大祥区城北路街道人大工委");
      expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    } finally {
      await hook.close();
    }
  });

  it("never writes the token or the AES key to the log", () => {
    const all = logLines.join("\n");
    expect(logLines.length).toBeGreaterThan(5);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(AES_KEY);
  });
});
