/**
 * Downloads one newsletter from a URL for `cli ingest <url>` (and, later, links sent in chat).
 * Limits, all enforced here and not left to the server's word:
 * - http and https only, on every hop (a redirect to file: or ftp: is refused);
 * - at most 5 redirects, followed by hand so each hop is checked;
 * - one deadline (20 s) for the whole download: connecting, redirects and the body;
 * - 20 MB, counted on the decoded bytes while they stream (Content-Length is only used to
 *   refuse early, never trusted to allow);
 * - the Content-Type must be a web page, PDF, Word document or plain text; a generic type
 *   (application/octet-stream, none) passes only when the name or the content says it is one.
 *
 * - the outbound-address policy (src/net/address-policy.ts) sees every address the fetcher is
 *   about to connect to — after DNS, on every hop, and for IP literals too — and by default
 *   refuses loopback, private, link-local and unspecified ones (hosts in `allowedHosts`, from
 *   INGEST_ALLOWED_HOSTS, are exempt), with no time-of-check/time-of-use gap.
 */
import { createHash } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import contentDisposition from "content-disposition";
import { CasebotError } from "../errors.ts";
import { FETCH_MESSAGES } from "../messages/documents.ts";
import { checkedLookup, literalVerdict, publicAddressPolicy, type AddressPolicy } from "../net/address-policy.ts";
import { decodeText } from "./extract/charset.ts";
import { extensionOf, isSupportedFile } from "./extract/extensions.ts";
import { extensionForContent } from "./extract/sniff.ts";
import { unreadable } from "./extract/errors.ts";
import { safeFileName } from "./file-names.ts";

export const FETCH_TIMEOUT_MS = 20_000;
export const FETCH_MAX_BYTES = 20 * 1024 * 1024;
export const FETCH_MAX_REDIRECTS = 5;

export type { AddressCandidate } from "../net/address-policy.ts";

export interface FetchDocumentOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /** Returns a reason (for the log) to refuse connecting to this address; the public-only policy by default. */
  addressPolicy?: AddressPolicy;
  /** Hosts the default policy lets through although they resolve to private addresses (INGEST_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  userAgent?: string;
}

export interface FetchedDocument {
  /** The URL the document finally came from (after redirects). */
  url: string;
  fileName: string;
  bytes: Uint8Array;
  contentType?: string;
  /** From Last-Modified, when the server sends one. */
  modifiedAt?: Date;
}

/** The download failed or was refused; `userMessage` says why in Chinese. */
export class DocumentFetchError extends CasebotError {
  constructor(message: string, userMessage: string, options?: ErrorOptions) {
    super(message, userMessage, options);
  }
}

const fail = (message: string, userMessage: string, cause?: unknown) =>
  new DocumentFetchError(message, userMessage, cause === undefined ? undefined : { cause });

/** Accepted Content-Types and the extension a document of that type is stored under. */
const ACCEPTED_TYPES: Readonly<Record<string, string>> = {
  "text/html": "html",
  "application/xhtml+xml": "html",
  "application/pdf": "pdf",
  "application/x-pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "text/plain": "txt",
  "text/markdown": "md",
  "text/x-markdown": "md",
};

/** Types servers use when they do not know (many sites serve every download like this). */
const GENERIC_TYPES = new Set([
  "",
  "application/octet-stream",
  "binary/octet-stream",
  "application/force-download",
  "application/download",
  "application/x-download",
  "application/unknown",
]);

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Parses an http(s) URL or throws the message a user should see. */
export function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    throw fail(`not a URL: ${raw.slice(0, 200)}`, FETCH_MESSAGES.badUrl);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw fail(`scheme ${url.protocol} refused: ${url.href.slice(0, 200)}`, FETCH_MESSAGES.scheme);
  return url;
}

/** Looks like a URL with a scheme (not a file path): `cli ingest` tells the two apart with it. */
export function looksLikeUrl(arg: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(arg.trim()) && !/^[a-z]:[\\/]/i.test(arg.trim());
}

export async function fetchDocument(rawUrl: string, opts: FetchDocumentOptions = {}): Promise<FetchedDocument> {
  const timeoutMs = opts.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? FETCH_MAX_BYTES;
  const maxRedirects = opts.maxRedirects ?? FETCH_MAX_REDIRECTS;
  let url = parseHttpUrl(rawUrl);
  const controller = new AbortController();
  const timeout = fail(`download of ${url.href.slice(0, 200)} took longer than ${timeoutMs} ms`, FETCH_MESSAGES.timeout(Math.ceil(timeoutMs / 1000)));
  const timer = setTimeout(() => controller.abort(timeout), timeoutMs);
  try {
    for (let redirects = 0; ; redirects++) {
      const res = await request(url, controller.signal, opts);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.destroy();
        if (redirects >= maxRedirects) throw fail(`more than ${maxRedirects} redirects from ${rawUrl.slice(0, 200)}`, FETCH_MESSAGES.redirects);
        url = parseHttpUrl(res.headers.location, url);
        continue;
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw fail(`HTTP ${status} from ${url.href.slice(0, 200)}`, FETCH_MESSAGES.status(status));
      }
      return await readDocument(url, res, maxBytes, controller.signal);
    }
  } catch (err) {
    if (controller.signal.aborted) throw timeout;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function request(url: URL, signal: AbortSignal, opts: FetchDocumentOptions): Promise<IncomingMessage> {
  const policy = opts.addressPolicy ?? publicAddressPolicy(opts.allowedHosts);
  // Node connects to an IP literal without calling `lookup`: check it here.
  const literal = literalVerdict(policy, url.hostname);
  if (literal) return Promise.reject(fail(`address ${url.hostname} refused: ${literal}`, FETCH_MESSAGES.refused));
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      {
        signal,
        lookup: checkedLookup(policy, undefined, (reason) => fail(reason, FETCH_MESSAGES.refused)),
        headers: {
          "user-agent": opts.userAgent ?? "Mozilla/5.0 (compatible; casebot/0.1; newsletter ingest)",
          accept: [
            "text/html,application/xhtml+xml,application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "text/plain;q=0.9,*/*;q=0.5",
          ].join(","),
          "accept-encoding": "gzip, deflate, br",
        },
      },
      resolve,
    );
    req.on("error", (err) => reject(err instanceof DocumentFetchError ? err : fail(`${url.href.slice(0, 200)}: ${err.message}`, FETCH_MESSAGES.network, err)));
  });
}

async function readDocument(url: URL, res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<FetchedDocument> {
  const contentType = header(res, "content-type");
  const type = (contentType?.split(";")[0] ?? "").trim().toLowerCase();
  if (type === "application/msword") {
    res.destroy();
    throw unreadable("legacyDoc", url.href, "served as application/msword");
  }
  const typeExt = ACCEPTED_TYPES[type];
  const named = nameFromDisposition(header(res, "content-disposition"));
  let fileName = named ?? nameFromUrl(url);
  // A generic type is decided after the download, by the name or else the content.
  if (!typeExt && !GENERIC_TYPES.has(type)) {
    res.destroy();
    throw fail(`${url.href.slice(0, 200)}: content type ${type} refused`, FETCH_MESSAGES.type(type));
  }
  const declared = Number(header(res, "content-length"));
  if (header(res, "content-encoding") === undefined && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw fail(`${url.href.slice(0, 200)}: Content-Length ${declared} over ${maxBytes}`, FETCH_MESSAGES.tooLarge);
  }
  const bytes = await readBody(url, res, maxBytes, signal);
  const ext = typeExt ?? (isSupportedFile(fileName) ? extensionOf(fileName) : extensionForContent(bytes));
  if (!ext) throw fail(`${url.href.slice(0, 200)}: ${type || "no content type"} and no recognisable content`, FETCH_MESSAGES.unknownType);
  fileName = withExtension(fileName, ext);
  const lastModified = header(res, "last-modified");
  const modifiedAt = lastModified ? new Date(lastModified) : undefined;
  return {
    url: url.href,
    fileName,
    bytes,
    ...(contentType && { contentType }),
    ...(modifiedAt && !Number.isNaN(modifiedAt.getTime()) && { modifiedAt }),
  };
}

async function readBody(url: URL, res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const encoding = (header(res, "content-encoding") ?? "identity").toLowerCase();
  const decoders: Record<string, () => Transform> = { gzip: createGunzip, "x-gzip": createGunzip, deflate: createInflate, br: createBrotliDecompress };
  let body: Readable = res;
  if (encoding !== "identity") {
    const make = decoders[encoding];
    if (!make) {
      res.destroy();
      throw fail(`${url.href.slice(0, 200)}: content encoding ${encoding}`, FETCH_MESSAGES.network);
    }
    body = res.pipe(make());
    res.on("error", (err) => body.destroy(err));
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw fail(`${url.href.slice(0, 200)}: more than ${maxBytes} bytes`, FETCH_MESSAGES.tooLarge);
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    res.destroy();
    body.destroy();
    if (signal.aborted || err instanceof DocumentFetchError) throw err;
    throw fail(`${url.href.slice(0, 200)}: ${(err as Error).message}`, FETCH_MESSAGES.network, err);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}

/**
 * RFC 6266 filename (filename* wins). Servers also send raw UTF-8 or GBK bytes, or a
 * percent-encoded name, in plain `filename=`: Node hands header bytes over as Latin-1.
 */
export function nameFromDisposition(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let name: string | undefined;
  try {
    name = contentDisposition.parse(value).parameters.filename;
  } catch {
    name = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(value)?.slice(1).find(Boolean)?.trim();
  }
  if (!name) return undefined;
  if (isLatin1Bytes(name)) name = decodeText(new Uint8Array(Buffer.from(name, "latin1")));
  if (/%[0-9a-f]{2}/i.test(name)) {
    try {
      name = decodeURIComponent(name);
    } catch {
      // not percent-encoding after all
    }
  }
  return safeFileName(name) || undefined;
}

/** Only code points up to U+00FF, some above U+007F: raw header bytes, not a real Latin-1 name. */
function isLatin1Bytes(s: string): boolean {
  return /[\u0080-\u00ff]/.test(s) && [...s].every((c) => c.charCodeAt(0) <= 0xff);
}

/**
 * The last path segment, decoded. A URL with a query names its document there (WeChat's
 * /s?__biz=…&mid=…): a short hash of it keeps two such pages from sharing a name — and so from
 * replacing each other.
 */
export function nameFromUrl(url: URL): string {
  const segment = url.pathname.split("/").filter(Boolean).pop() ?? "";
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    name = segment;
  }
  name = safeFileName(name) || safeFileName(url.hostname) || "document";
  if (!url.search) return name;
  const tag = createHash("sha1").update(url.href).digest("hex").slice(0, 8);
  const ext = extensionOf(name);
  return ext ? `${name.slice(0, -(ext.length + 1))}_${tag}.${ext}` : `${name}_${tag}`;
}

/** Keeps a supported extension; a server-side one (.shtml, .jsp, .aspx, none) gives way to the type's. */
function withExtension(name: string, ext: string): string {
  if (isSupportedFile(name)) return name;
  const current = extensionOf(name);
  const stem = current && /^(s?html?|jsp|aspx?|php|cgi|do|action)$/.test(current) ? name.slice(0, -(current.length + 1)) : name;
  return `${stem}.${ext}`;
}
