import type { Payload } from "./bot-api-types.ts";

/** A Bot API request's parameters: query string, then a JSON, urlencoded or multipart body. */
export function parseBody(contentType: string, body: string, query: URLSearchParams): Payload {
  const payload: Payload = {};
  for (const [k, v] of query) payload[k] = coerce(v);
  if (!body) return payload;
  if (contentType.includes("application/json")) return { ...payload, ...(JSON.parse(body) as Payload) };
  if (contentType.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(body)) payload[k] = coerce(v);
    return payload;
  }
  if (contentType.includes("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw new Error("no boundary");
    for (const part of body.split(`--${b}`)) {
      const m = /name="([^"]+)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n$/.exec(part);
      if (m?.[1]) payload[m[1]] = coerce(m[2] ?? "");
    }
    return payload;
  }
  return payload;
}

/** Telegram accepts JSON-encoded values in form fields (reply_markup, numbers). */
function coerce(v: string): unknown {
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v.startsWith("{") || v.startsWith("[") || v === "true" || v === "false") {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }
  return v;
}
