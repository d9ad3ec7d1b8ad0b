import { createCipheriv } from "node:crypto";
import { encrypt, getSignature } from "@wecom/crypto";
import { describe, expect, it } from "vitest";
import {
  createWecomCrypto,
  strictDecrypt,
  WecomDecryptError,
  WecomReceiveIdError,
  WecomReplayError,
  WecomSignatureError,
  WecomStaleTimestampError,
  type WecomCryptoOptions,
} from "../src/platforms/wecom/crypto.ts";
import { wecomVectors, type WecomVector } from "./support/wecom-vectors.ts";

const vectors = wecomVectors;
const verify = vectors.find((v) => v.kind === "verifyurl")!;
const messages = vectors.filter((v) => v.kind === "message");
const OTHER_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

function cryptoFor(v: WecomVector, extra: Partial<WecomCryptoOptions> = {}) {
  return createWecomCrypto({ token: v.token, encodingAESKey: v.encodingAESKey, receiveId: v.receiveId, maxSkewS: 0, ...extra });
}
const q = (v: WecomVector) => ({ msg_signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce });

describe("WeCom crypto on the official WXBizMsgCrypt vectors", () => {
  it("verifies the URL and returns the decrypted echostr", () => {
    expect(cryptoFor(verify).verifyUrl({ ...q(verify), echostr: verify.encrypt })).toBe(verify.expectedPlaintext);
    // The raw query as WeCom sends it decodes to the same echostr.
    const params = new URLSearchParams(verify.rawQuery);
    expect(params.get("echostr")).toBe(verify.encrypt);
  });

  it.each(messages.map((v) => [v.name, v] as const))("decrypts %s", (_name, v) => {
    expect(cryptoFor(v).decryptMessage(q(v), v.encrypt)).toBe(v.expectedPlaintext);
  });

  it("accepts the vectors when the clock is set to their time, with the skew check on", () => {
    const v = messages[0]!;
    const c = cryptoFor(v, { maxSkewS: 300, now: () => Number(v.timestamp) * 1000 + 299_000 });
    expect(c.decryptMessage(q(v), v.encrypt)).toBe(v.expectedPlaintext);
  });
});

describe("WeCom crypto rejects", () => {
  const v = messages[0]!;

  it("a tampered signature, in constant time (same-length and other-length forgeries)", () => {
    const flipped = (v.msg_signature[0] === "a" ? "b" : "a") + v.msg_signature.slice(1);
    expect(() => cryptoFor(v).decryptMessage({ ...q(v), msg_signature: flipped }, v.encrypt)).toThrow(WecomSignatureError);
    expect(() => cryptoFor(v).decryptMessage({ ...q(v), msg_signature: "short" }, v.encrypt)).toThrow(WecomSignatureError);
    expect(() => cryptoFor(v).decryptMessage({ ...q(v), msg_signature: "" }, v.encrypt)).toThrow(WecomSignatureError);
  });

  it("a tampered ciphertext or nonce under the original signature", () => {
    const tampered = (v.encrypt[0] === "A" ? "B" : "A") + v.encrypt.slice(1);
    expect(() => cryptoFor(v).decryptMessage(q(v), tampered)).toThrow(WecomSignatureError);
    expect(() => cryptoFor(v).decryptMessage({ ...q(v), nonce: "1" }, v.encrypt)).toThrow(WecomSignatureError);
  });

  it("a wrong token", () => {
    expect(() => cryptoFor(v, { token: "other" }).decryptMessage(q(v), v.encrypt)).toThrow(WecomSignatureError);
  });

  it("a wrong receive id, but accepts any id when WECOM_RECEIVE_ID is empty (AI bot)", () => {
    expect(() => cryptoFor(v, { receiveId: "ww0000000000000000" }).decryptMessage(q(v), v.encrypt)).toThrow(WecomReceiveIdError);
    expect(cryptoFor(v, { receiveId: "" }).decryptMessage(q(v), v.encrypt)).toBe(v.expectedPlaintext);
  });

  it("a wrong EncodingAESKey with a named error, not garbage (also with an empty receive id)", () => {
    for (const receiveId of [v.receiveId, ""]) {
      expect(() => cryptoFor(v, { encodingAESKey: OTHER_KEY, receiveId }).decryptMessage(q(v), v.encrypt)).toThrow(WecomDecryptError);
    }
    expect(() => cryptoFor(verify, { encodingAESKey: OTHER_KEY }).verifyUrl({ ...q(verify), echostr: verify.encrypt })).toThrow(WecomDecryptError);
  });

  it("stale and far-future timestamps, and non-numeric ones", () => {
    const at = Number(v.timestamp) * 1000;
    expect(() => cryptoFor(v, { maxSkewS: 300, now: () => at + 301_000 }).decryptMessage(q(v), v.encrypt)).toThrow(WecomStaleTimestampError);
    expect(() => cryptoFor(v, { maxSkewS: 300, now: () => at - 301_000 }).decryptMessage(q(v), v.encrypt)).toThrow(WecomStaleTimestampError);
    // The default clock is today, so the 2014 vector is stale unless the check is off.
    expect(() => cryptoFor(v, { maxSkewS: 300 }).decryptMessage(q(v), v.encrypt)).toThrow(/WECOM_MAX_SKEW_S=300/);
    const forged = { msg_signature: getSignature(v.token, "soon", v.nonce, v.encrypt), timestamp: "soon", nonce: v.nonce };
    expect(() => cryptoFor(v).decryptMessage(forged, v.encrypt)).toThrow(WecomStaleTimestampError);
  });

  it("a replay of an accepted request", () => {
    const c = cryptoFor(v);
    expect(c.decryptMessage(q(v), v.encrypt)).toBe(v.expectedPlaintext);
    expect(() => c.decryptMessage(q(v), v.encrypt)).toThrow(WecomReplayError);
  });

  it("a replay whose signature differs only in letter case (the compare ignores case, so must the memory)", () => {
    for (const vec of [verify, ...messages]) {
      const c = cryptoFor(vec, { maxSkewS: 300, now: () => Number(vec.timestamp) * 1000 });
      const first = vec.kind === "verifyurl" ? undefined : c.decryptMessage(q(vec), vec.encrypt);
      if (first === undefined) continue;
      expect(() => c.decryptMessage({ ...q(vec), msg_signature: vec.msg_signature.toUpperCase() }, vec.encrypt), vec.name).toThrow(WecomReplayError);
      expect(() => c.decryptMessage({ ...q(vec), msg_signature: vec.msg_signature.toLowerCase() }, vec.encrypt), vec.name).toThrow(WecomReplayError);
    }
    // And the other way round: an upper-cased first delivery, then the original.
    const c = cryptoFor(v);
    expect(c.decryptMessage({ ...q(v), msg_signature: v.msg_signature.toUpperCase() }, v.encrypt)).toBe(v.expectedPlaintext);
    expect(() => c.decryptMessage(q(v), v.encrypt)).toThrow(WecomReplayError);
  });

  it("forgets replays after the window and never remembers forged requests", () => {
    let t = Number(v.timestamp) * 1000;
    const c = cryptoFor(v, { maxSkewS: 300, now: () => t });
    expect(() => c.decryptMessage({ ...q(v), msg_signature: "0".repeat(40) }, v.encrypt)).toThrow(WecomSignatureError);
    expect(c.decryptMessage(q(v), v.encrypt)).toBe(v.expectedPlaintext);
    t += 200_000;
    expect(() => c.decryptMessage(q(v), v.encrypt)).toThrow(WecomReplayError);
    t += 500_000; // Past the window the timestamp itself is stale, so the replay is still refused.
    expect(() => c.decryptMessage(q(v), v.encrypt)).toThrow(WecomStaleTimestampError);
  });

  it("invalid padding, a lying length field and non-block ciphertext", () => {
    const key = Buffer.from(v.encodingAESKey + "=", "base64");
    const seal = (plain: Buffer) => {
      const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
      c.setAutoPadding(false);
      return Buffer.concat([c.update(plain), c.final()]).toString("base64");
    };
    const body = (len: number, msg: string, id: string) => {
      const l = Buffer.alloc(4);
      l.writeUInt32BE(len);
      return Buffer.concat([Buffer.alloc(16, 7), l, Buffer.from(msg), Buffer.from(id)]);
    };
    const padded = (b: Buffer, padByte: (i: number, n: number) => number) => {
      const n = 32 - (b.length % 32);
      return Buffer.concat([b, Buffer.from(Array.from({ length: n }, (_, i) => padByte(i, n)))]);
    };
    const good = padded(body(5, "hello", "corp"), (_i, n) => n);
    expect(strictDecrypt(v.encodingAESKey, seal(good))).toEqual({ message: "hello", id: "corp" });
    const uneven = padded(body(5, "hello", "corp"), (i, n) => (i === 0 ? n - 1 : n));
    expect(() => strictDecrypt(v.encodingAESKey, seal(uneven))).toThrow(WecomDecryptError);
    const zeroPad = Buffer.concat([body(5, "hello", "corp"), Buffer.alloc(32 - ((25 + 4) % 32), 0)]);
    expect(() => strictDecrypt(v.encodingAESKey, seal(zeroPad))).toThrow(WecomDecryptError);
    const lying = padded(body(4000, "hello", "corp"), (_i, n) => n);
    expect(() => strictDecrypt(v.encodingAESKey, seal(lying))).toThrow(WecomDecryptError);
    expect(() => strictDecrypt(v.encodingAESKey, seal(good).slice(0, 24))).toThrow(WecomDecryptError);
    expect(() => strictDecrypt(v.encodingAESKey, "not base64!")).toThrow(WecomDecryptError);
    expect(() => strictDecrypt(v.encodingAESKey, "")).toThrow(WecomDecryptError);
  });
});

describe("encrypted replies", () => {
  it("round-trip through a second instance and carry a valid signature", () => {
    const v = messages[0]!;
    const now = () => 1_700_000_000_000;
    const c = cryptoFor(v, { now });
    const reply = c.encryptReply("回复：你好 🙂");
    expect(reply.timestamp).toBe("1700000000");
    expect(reply.msgsignature).toBe(getSignature(v.token, reply.timestamp, reply.nonce, reply.encrypt));
    const other = cryptoFor(v, { maxSkewS: 300, now });
    expect(other.decryptMessage({ msg_signature: reply.msgsignature, timestamp: reply.timestamp, nonce: reply.nonce }, reply.encrypt)).toBe("回复：你好 🙂");
  });

  it("match the library's output for the same random prefix (the official encryption)", () => {
    const v = messages[0]!;
    const ciphertext = encrypt(v.encodingAESKey, v.expectedPlaintext, v.receiveId, Buffer.alloc(16, 1));
    expect(strictDecrypt(v.encodingAESKey, ciphertext)).toEqual({ message: v.expectedPlaintext, id: v.receiveId });
  });

  it("refuse to start with a malformed key or an empty token", () => {
    const v = messages[0]!;
    expect(() => cryptoFor(v, { encodingAESKey: "short" })).toThrow(/43-character/);
    expect(() => cryptoFor(v, { token: "" })).toThrow(/WECOM_TOKEN/);
  });
});
