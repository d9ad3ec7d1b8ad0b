import { GrammyError, type Api } from "grammy";
import { MAX_DOCUMENT_BYTES } from "../../corpus/collection.ts";
import { tooLarge } from "../../corpus/extract/errors.ts";
import { CasebotError } from "../../errors.ts";
import { UPLOAD_TEXT } from "../../messages/catalog.ts";

export const TELEGRAM_API_ROOT = "https://api.telegram.org";
export const FILE_DOWNLOAD_TIMEOUT_MS = 30_000;

export interface FileSource {
  token: string;
  /** TELEGRAM_API_ROOT (a local Bot API server); api.telegram.org without it. */
  apiRoot?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * A document's bytes: getFile, then `<root>/file/bot<token>/<file_path>` (the Bot API's only
 * download route, 20 MB at most on Telegram's servers). The URL holds the token, so no error
 * from here carries it (or a cause that might): the log gets the method and status only.
 */
export async function downloadTelegramFile(api: Api, fileId: string, src: FileSource): Promise<Uint8Array> {
  const maxBytes = src.maxBytes ?? MAX_DOCUMENT_BYTES;
  let filePath: string | undefined;
  try {
    const file = await api.getFile(fileId);
    if (file.file_size !== undefined && file.file_size > maxBytes) throw tooLarge(undefined, `${fileId} getFile: ${file.file_size} bytes`);
    filePath = file.file_path;
  } catch (err) {
    if (err instanceof CasebotError) throw err;
    if (err instanceof GrammyError && /too big/i.test(err.description)) throw tooLarge(undefined, `${fileId} getFile: ${err.description}`);
    throw failed(`getFile failed${err instanceof GrammyError ? `: ${err.error_code} ${err.description}` : ""}`);
  }
  if (!filePath) throw failed("getFile returned no file_path");
  const url = `${(src.apiRoot ?? TELEGRAM_API_ROOT).replace(/\/+$/, "")}/file/bot${src.token}/${filePath.split("/").map(encodeURIComponent).join("/")}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(src.timeoutMs ?? FILE_DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    throw failed(`file download failed: ${(err as Error).name}`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw failed(`file download: HTTP ${res.status}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body) {
      total += chunk.length;
      // Counted while streaming: a server's Content-Length is not trusted to allow.
      if (total > maxBytes) throw tooLarge(undefined, `${fileId} file download over ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof CasebotError) throw err;
    throw failed(`file download interrupted: ${(err as Error).name}`);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

const failed = (message: string) => new CasebotError(`telegram: ${message}`, UPLOAD_TEXT.downloadFailed);
