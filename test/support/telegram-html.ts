/**
 * A strict reader of Telegram's HTML parse mode, used by the fake Bot API server so that a
 * message the real server would refuse ("can't parse entities") is refused here too, and so
 * tests can look at the text a user actually sees.
 *
 * Supported like Telegram: b/strong, i/em, u/ins, s/strike/del, code, pre, a href, blockquote,
 * tg-spoiler / span class="tg-spoiler"; the entities &lt; &gt; &amp; &quot; and numeric ones.
 * Anything else (an unknown tag, a bare "<", an unclosed tag, a stray "&") is an error.
 */
export interface HtmlEntity {
  type: string;
  /** UTF-16 offset and length in the visible text, as Telegram reports them. */
  offset: number;
  length: number;
  url?: string;
}

export interface ParsedHtml {
  text: string;
  entities: HtmlEntity[];
}

export class HtmlParseError extends Error {}

const TAGS: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  code: "code",
  pre: "pre",
  a: "text_link",
  blockquote: "blockquote",
  "tg-spoiler": "spoiler",
  span: "spoiler",
};

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

export function parseTelegramHtml(html: string): ParsedHtml {
  let text = "";
  const entities: HtmlEntity[] = [];
  const open: Array<{ tag: string; start: number; url?: string }> = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === "<") {
      const end = html.indexOf(">", i);
      if (end < 0) throw new HtmlParseError(`Unclosed start tag at byte offset ${i}`);
      const raw = html.slice(i + 1, end);
      if (raw.startsWith("/")) {
        const name = raw.slice(1).trim().toLowerCase();
        const top = open.pop();
        if (!top || top.tag !== name) throw new HtmlParseError(`Unmatched end tag at byte offset ${i}, expected "</${top?.tag ?? ""}>", found "</${name}>"`);
        const type = TAGS[name] ?? "unknown";
        if (text.length > top.start) entities.push({ type, offset: top.start, length: text.length - top.start, ...(top.url ? { url: top.url } : {}) });
      } else {
        const m = /^([a-z-]+)((?:\s+[a-z-]+\s*=\s*"[^"]*")*)\s*$/i.exec(raw);
        if (!m) throw new HtmlParseError(`Unsupported start tag "${raw.slice(0, 20)}" at byte offset ${i}`);
        const name = (m[1] ?? "").toLowerCase();
        if (!(name in TAGS)) throw new HtmlParseError(`Unsupported start tag "${name}" at byte offset ${i}`);
        const attrs = Object.fromEntries([...(m[2] ?? "").matchAll(/([a-z-]+)\s*=\s*"([^"]*)"/gi)].map((a) => [a[1]?.toLowerCase(), decode(a[2] ?? "")]));
        if (name === "span" && attrs.class !== "tg-spoiler") throw new HtmlParseError(`Unsupported span at byte offset ${i}`);
        let url: string | undefined;
        if (name === "a") {
          url = attrs.href;
          if (!url) throw new HtmlParseError(`Tag "a" must have attribute "href" at byte offset ${i}`);
        }
        open.push({ tag: name, start: text.length, ...(url ? { url } : {}) });
      }
      i = end + 1;
    } else if (ch === "&") {
      const m = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(html.slice(i, i + 12));
      if (!m) throw new HtmlParseError(`Character entity expected at byte offset ${i}`);
      const name = m[1] ?? "";
      if (name.startsWith("#x")) text += String.fromCodePoint(parseInt(name.slice(2), 16));
      else if (name.startsWith("#")) text += String.fromCodePoint(parseInt(name.slice(1), 10));
      else if (NAMED[name] !== undefined) text += NAMED[name];
      else throw new HtmlParseError(`Unsupported HTML entity "&${name};" at byte offset ${i}`);
      i += m[0].length;
    } else if (ch === ">") {
      // Telegram tolerates a bare ">" but our renderer must not produce one; be strict.
      throw new HtmlParseError(`Unescaped ">" at byte offset ${i}`);
    } else {
      text += ch;
      i += 1;
    }
  }
  if (open.length) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${open[open.length - 1]?.tag ?? ""}"`);
  return { text, entities };
}

function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot);/g, (_, n: string) => NAMED[n] ?? "");
}
