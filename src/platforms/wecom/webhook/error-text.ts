import { WEBHOOK_ERROR_TEXT } from "../../../messages/catalog.ts";

/**
 * What chat shows for a webhook's last failure. The stored reason is our own short code
 * ("errcode 93000", "HTTP 502", "address refused" …, see channel.ts); it is mapped to fixed Chinese
 * (the catalog's WEBHOOK_ERROR_TEXT) and anything else becomes a generic line, so no text a remote service sent — nor a record
 * written by an older version that still holds one — ever reaches a chat.
 */
const T = WEBHOOK_ERROR_TEXT;

export function webhookErrorText(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  const code = /^errcode (\d+)/.exec(reason)?.[1];
  if (code) return T.byCode[Number(code)] ?? T.otherCode(code);
  if (reason.startsWith("address refused")) return T.addressRefused;
  if (reason.startsWith("redirect refused")) return T.redirectRefused;
  if (reason.startsWith("network error")) return T.network;
  const http = /^HTTP (\d{3})/.exec(reason)?.[1];
  if (http) return T.http(http);
  return T.other;
}
