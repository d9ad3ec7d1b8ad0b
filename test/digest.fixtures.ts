import { createLibrary } from "../src/corpus/library.ts";
import type { Article, Case, CaseLibrary } from "../src/corpus/types.ts";
import type { DeliveryChannel, DeliveryOutcome, PushTarget } from "../src/digest/delivery.ts";
import { createLogger } from "../src/logger.ts";
import type { Reply } from "../src/reply/types.ts";

export const silentLogger = createLogger("silent");

export function fakeCase(id: string, articleId: string, order: number): Case {
  return {
    id,
    articleId,
    order,
    unit: `单位${id}人大常委会`,
    unitKey: `单位${id}`,
    place: `单位${id}`,
    level: "county",
    headline: `标题${id}`,
    lead: `今年以来，单位${id}做了很多工作。`,
    paragraphs: [],
    practices: ["一", "二", "三", "四"].map((n) => `做法${n}`),
    figures: [{ value: "12个", number: 12, unit: "个", what: "联络站", sentence: "建成12个联络站。" }],
    captions: [],
    sections: [{ headline: `标题${id}`, topics: [], rule: "unit-line" }],
  };
}

export function fakeArticle(n: number, cases: number): Article {
  const id = `a${n}`;
  return {
    id,
    title: `第${n}期`,
    subtitle: "",
    editorNote: "",
    sourceFile: `${String(n).padStart(3, "0")}.txt`,
    captions: [],
    cases: Array.from({ length: cases }, (_, i) => fakeCase(`${id}c${i}`, id, i)),
    publishedAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
    report: { rules: [], unattributed: 0, warnings: [] },
  };
}

/** A library that can be swapped under the service, as a re-ingest would. */
export function mutableLibrary(articles: Article[]): { library: CaseLibrary; set(articles: Article[]): void } {
  let current = createLibrary(articles);
  const library: CaseLibrary = {
    get articles() {
      return current.articles;
    },
    get cases() {
      return current.cases;
    },
    get allCases() {
      return current.allCases;
    },
    get units() {
      return current.units;
    },
    byId: (id) => current.byId(id),
    article: (id) => current.article(id),
    find: (q) => current.find(q),
    casesOf: (q) => current.casesOf(q),
  };
  return { library, set: (a) => (current = createLibrary(a)) };
}

export interface FakeChannel extends DeliveryChannel {
  sent: Array<{ target: PushTarget; reply: Reply }>;
  /** Decide the outcome of the next sends; default "sent". */
  script: Array<(target: PushTarget) => DeliveryOutcome | undefined>;
}

export function fakeChannel(name = "telegram"): FakeChannel {
  const ch: FakeChannel = {
    name,
    limits: { perChatPerMinute: 20, globalPerSecond: 30 },
    sent: [],
    script: [],
    async send(target, reply) {
      const step = ch.script.shift();
      const outcome = step?.(target) ?? { status: "sent" };
      if (outcome.status === "sent") ch.sent.push({ target, reply });
      return outcome;
    },
  };
  return ch;
}
