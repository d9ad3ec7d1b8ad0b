import { randomBytes, timingSafeEqual } from "node:crypto";
import { decrypt, encrypt, getSignature } from "@wecom/crypto";
import { CasebotError, ConfigError } from "../../errors.ts";
import { createMsgIdDedupe } from "./dedupe.ts";

/**
 * WeCom's WXBizMsgCrypt scheme (callback URL verification, encrypted messages, encrypted passive
 * replies) on top of @wecom/crypto, plus the checks that library leaves out:
 *
 * - its signature is compared with `===`; here the compare is constant-time;
 * - its decrypt never checks the PKCS#7 padding (an invalid pad byte is silently ignored), the
 *   length field or the receive id, so a wrong key returns garbage instead of failing;
 * - it has no notion of stale timestamps or replayed requests.
 *
 * Every rejection is a named error; none of them carries the token or the AES key.
 */

/** Query parameters WeCom adds to every callback request. */
export interface SignedQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

export interface WecomCryptoOptions {
  token: string;
  encodingAESKey: string;
  /** Corp id for a self-built app; "" for an AI bot (then the decrypted id is not checked). */
  receiveId: string;
  /** Oldest (or furthest in the future) a message timestamp may be, in seconds; 0 turns the check off. */
  maxSkewS: number;
  /** Milliseconds since the epoch; injected so tests can use the 2014 official vectors. */
  now?: () => number;
  /** Most remembered (signature, timestamp, nonce) triples; the oldest are forgotten first. */
  replayCapacity?: number;
}

export interface EncryptedReply {
  encrypt: string;
  msgsignature: string;
  timestamp: string;
  nonce: string;
}

export interface WecomCrypto {
  /** GET URL verification: checks the signature over `echostr` and returns its plaintext. */
  verifyUrl(query: SignedQuery & { echostr: string }): string;
  /** POST: checks signature, timestamp and replay, then decrypts the `Encrypt` field. */
  decryptMessage(query: SignedQuery, ciphertext: string): string;
  /** Encrypts a passive reply and signs it with a fresh nonce and the current time. */
  encryptReply(plaintext: string): EncryptedReply;
}

/** Base of every callback rejection; the HTTP layer answers 403 for all of them. */
export class WecomCallbackError extends CasebotError {}
/** msg_signature does not match: forged, or the token is wrong. */
export class WecomSignatureError extends WecomCallbackError {}
/** The ciphertext does not decrypt to a well-formed message: wrong EncodingAESKey or corrupted data. */
export class WecomDecryptError extends WecomCallbackError {}
/** The message decrypted, but for another corp / app than WECOM_RECEIVE_ID. */
export class WecomReceiveIdError extends WecomCallbackError {}
/** The request timestamp is outside WECOM_MAX_SKEW_S of our clock. */
export class WecomStaleTimestampError extends WecomCallbackError {}
/** The same signed request was already accepted once. */
export class WecomReplayError extends WecomCallbackError {}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// WeCom pads to 32-byte blocks, so the ciphertext is always a whole number of them.
const BLOCK = 32;
// The nonce is only promised unique for two hours; with the skew check off, remember that long.
const REPLAY_TTL_WITHOUT_SKEW_MS = 2 * 60 * 60 * 1000;

export function createWecomCrypto(opts: WecomCryptoOptions): WecomCrypto {
  if (!/^[A-Za-z0-9]{43}$/.test(opts.encodingAESKey)) {
    throw new ConfigError("WECOM_ENCODING_AES_KEY must be the 43-character EncodingAESKey from the WeCom admin console.");
  }
  if (!opts.token) throw new ConfigError("WECOM_TOKEN is empty: copy the Token from the WeCom admin console.");
  const now = opts.now ?? Date.now;
  const replay = createMsgIdDedupe({
    ttlMs: opts.maxSkewS > 0 ? 2 * opts.maxSkewS * 1000 : REPLAY_TTL_WITHOUT_SKEW_MS,
    max: opts.replayCapacity ?? 10_000,
    now,
  });

  function checkSignature(q: SignedQuery, ciphertext: string): void {
    const expected = Buffer.from(getSignature(opts.token, q.timestamp, q.nonce, ciphertext), "utf8");
    const given = Buffer.from(String(q.msg_signature ?? "").toLowerCase(), "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WecomSignatureError("msg_signature does not match (forged request, or WECOM_TOKEN differs from the admin console)");
    }
  }

  function checkTimestamp(q: SignedQuery): void {
    if (!/^\d{1,12}$/.test(q.timestamp)) throw new WecomStaleTimestampError("timestamp is not a number of seconds");
    if (opts.maxSkewS === 0) return;
    const skew = Math.abs(now() / 1000 - Number(q.timestamp));
    if (skew > opts.maxSkewS) {
      throw new WecomStaleTimestampError(`timestamp is ${Math.round(skew)} s away from our clock (WECOM_MAX_SKEW_S=${opts.maxSkewS})`);
    }
  }

  function open(ciphertext: string): string {
    const { message, id } = strictDecrypt(opts.encodingAESKey, ciphertext);
    if (opts.receiveId !== "" && id !== opts.receiveId) {
      throw new WecomReceiveIdError("decrypted receive id differs from WECOM_RECEIVE_ID (a message for another corp or app)");
    }
    return message;
  }

  return {
    verifyUrl(q) {
      checkSignature(q, q.echostr);
      checkTimestamp(q);
      return open(q.echostr);
    },
    decryptMessage(q, ciphertext) {
      checkSignature(q, ciphertext);
      checkTimestamp(q);
      const message = open(ciphertext);
      // Remembered only once fully valid, so forged requests cannot fill the memory. Keyed on the
      // signature as compared (lower-case hex): an upper-cased copy is the same signed request.
      // This catches replays of messages without a msgid (events), which no msgid dedupe sees.
      if (replay.seen(`${String(q.msg_signature).toLowerCase()}|${q.timestamp}|${q.nonce}`)) {
        throw new WecomReplayError("this signed request was already accepted (replay)");
      }
      return message;
    },
    encryptReply(plaintext) {
      const timestamp = String(Math.floor(now() / 1000));
      const nonce = randomBytes(8).toString("hex");
      const ciphertext = encrypt(opts.encodingAESKey, plaintext, opts.receiveId);
      return { encrypt: ciphertext, msgsignature: getSignature(opts.token, timestamp, nonce, ciphertext), timestamp, nonce };
    },
  };
}

/**
 * Decrypts with @wecom/crypto, then proves the plaintext was well-formed by encrypting the parts
 * it returned with the same random prefix: AES-CBC with a fixed IV is deterministic, so the result
 * equals the input exactly when the padding was valid PKCS#7 over 32-byte blocks (1..32, every pad
 * byte equal), the length field matched the message and the message was valid UTF-8. A wrong key
 * fails here with a named error instead of yielding garbage.
 */
export function strictDecrypt(encodingAESKey: string, ciphertext: string): { message: string; id: string } {
  const raw = BASE64.test(ciphertext) ? Buffer.from(ciphertext, "base64") : undefined;
  if (!raw || raw.length === 0 || raw.length % BLOCK !== 0) {
    throw new WecomDecryptError("ciphertext is not base64 of whole 32-byte blocks");
  }
  let parts: ReturnType<typeof decrypt>;
  try {
    parts = decrypt(encodingAESKey, ciphertext);
  } catch (err) {
    throw new WecomDecryptError("ciphertext does not decrypt (wrong WECOM_ENCODING_AES_KEY?)", undefined, { cause: err });
  }
  const again = Buffer.from(encrypt(encodingAESKey, parts.message, parts.id, parts.random), "base64");
  if (!again.equals(raw)) {
    throw new WecomDecryptError("decrypted data is malformed: bad PKCS#7 padding or length field (wrong WECOM_ENCODING_AES_KEY?)");
  }
  return { message: parts.message, id: parts.id };
}
