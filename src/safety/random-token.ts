import { randomBytes } from "node:crypto";

/**
 * An unguessable token (base64url of `bytes` random bytes) for ids that go into button data: answer
 * ids, 其他单位 keys. Drawn from a pool refilled 4 KiB at a time: one randomBytes call per answer
 * cost as much as the rest of logging the question (`npm run bench -- stats`).
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let at = 0;

export function randomToken(bytes: number): string {
  if (at + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, bytes));
    at = 0;
  }
  at += bytes;
  return pool.toString("base64url", at - bytes, at);
}
