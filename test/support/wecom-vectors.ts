import { readFileSync } from "node:fs";

/** One official WXBizMsgCrypt test vector (test/fixtures/wecom-vectors.json, copied from shared/wecom). */
export interface WecomVector {
  name: string;
  kind: "verifyurl" | "message";
  token: string;
  encodingAESKey: string;
  receiveId: string;
  msg_signature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  rawQuery?: string;
  postBody?: string;
  expectedPlaintext: string;
}

export const wecomVectors: WecomVector[] = JSON.parse(
  readFileSync(new URL("../fixtures/wecom-vectors.json", import.meta.url), "utf8"),
) as WecomVector[];
