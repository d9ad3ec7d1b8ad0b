/**
 * What chat shows for a webhook's last failure. The stored reason is our own short code
 * ("errcode 93000", "HTTP 502", "address refused" …, see channel.ts); it is mapped to fixed Chinese
 * here and anything else becomes a generic line, so no text a remote service sent — nor a record
 * written by an older version that still holds one — ever reaches a chat.
 */
const BY_CODE: Readonly<Record<number, string>> = {
  93000: "webhook 地址无效或机器人已被删除",
  40008: "消息格式不被接受",
  40058: "消息内容过长",
  44004: "消息内容为空",
  45009: "发送过于频繁，稍后重试",
};

export function webhookErrorText(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  const code = /^errcode (\d+)/.exec(reason)?.[1];
  if (code) return BY_CODE[Number(code)] ?? `企业微信拒绝了推送（错误码 ${code}）`;
  if (reason.startsWith("address refused")) return "地址不是企业微信的群机器人地址，已拒绝发送";
  if (reason.startsWith("redirect refused")) return "对方要求跳转到其他地址，已拒绝";
  if (reason.startsWith("network error")) return "无法连接企业微信";
  const http = /^HTTP (\d{3})/.exec(reason)?.[1];
  if (http) return `企业微信服务器返回错误（HTTP ${http}）`;
  return "推送失败";
}
