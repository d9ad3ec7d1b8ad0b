import type { DeliveryOutcome } from "../../../digest/delivery.ts";

/**
 * Maps what the SDK throws to a delivery outcome. The SDK rejects with the server's ack frame
 * ({ errcode, errmsg }) when WeCom refuses a message, and with an Error when the socket is down
 * or the ack did not arrive in time.
 */
export function aibotOutcome(err: unknown): DeliveryOutcome {
  if (err instanceof Error) {
    const m = err.message;
    if (/not connected|connection closed|manually closed|disconnected|cancelled/i.test(m)) return { status: "retry", afterMs: 5_000, reason: m };
    if (/ack timeout/i.test(m)) return { status: "retry", afterMs: 10_000, reason: m };
    return { status: "failed", reason: m, permanent: false };
  }
  const { errcode, errmsg } = ackError(err);
  const reason = `errcode ${errcode}: ${errmsg}`;
  // 45009 api freq out of limit, 45033 too many concurrent calls, 45011 too frequent.
  if (RATE_LIMITED.has(errcode)) return { status: "retry", afterMs: 60_000, reason };
  // The bot left the group or the user/chat no longer exists: stop pushing there.
  if (GONE.has(errcode) || /invalid (chat ?id|userid)|not (in|a member of) (the )?(chat|group)|chat not (found|exist)/i.test(errmsg)) {
    return { status: "blocked", reason };
  }
  // Malformed request (4xxxx): resending the same message cannot succeed.
  if (errcode >= 40000 && errcode < 50000) return { status: "failed", reason, permanent: true };
  return { status: "failed", reason, permanent: false };
}

const RATE_LIMITED = new Set([45009, 45011, 45033]);
// From WeCom's global error list: 40003 invalid userid, 86001 invalid chat id.
const GONE = new Set([40003, 86001]);

function ackError(err: unknown): { errcode: number; errmsg: string } {
  if (err && typeof err === "object") {
    const o = err as { errcode?: unknown; errmsg?: unknown };
    const errcode = Number(o.errcode);
    return { errcode: Number.isFinite(errcode) ? errcode : -1, errmsg: typeof o.errmsg === "string" ? o.errmsg : "" };
  }
  return { errcode: -1, errmsg: String(err) };
}

/** True when nothing reached the socket, so a redelivered message may safely be answered again. */
export function neverSent(err: unknown): boolean {
  return err instanceof Error && /not connected/i.test(err.message);
}
