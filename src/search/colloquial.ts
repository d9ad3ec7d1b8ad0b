import { createRequire } from "node:module";
import { normalFormOf, type NormalQuestion } from "./normalize.ts";

/**
 * People ask the way they talk (娃上学路上不安全, 饭店后厨煤气罐), newsletters are written in
 * official prose (学生, 校园安全, 餐饮, 燃气). The search matches characters, so a colloquial word
 * that shares none with the official term would miss. colloquial.json is a general lexicon of
 * everyday expressions in grassroots governance and their official terms; a question containing
 * some is also searched as rewritten with them (see searchQuestion). It is data about how people
 * speak in this domain, not about any document.
 */
interface Group {
  say: string[];
  written: string[];
}

export interface Rewriter {
  /**
   * The question with each everyday word replaced by the first of its official terms that this
   * corpus uses and that tells cases apart; undefined when no word is replaced. `df` counts the
   * cases containing a term (bigram), `size` the cases in all.
   */
  rewrite(query: string | NormalQuestion, df: (term: string) => number, size: number): string | undefined;
}

const MAX_SAY = 6;
/**
 * An official term found in more than this share of the cases (群众, 会议) tells none of them apart:
 * putting it into the question would only add weight every case matches.
 */
const TELLING_SHARE = 0.3;

export function createRewriter(groups: readonly Group[]): Rewriter {
  const table = new Map<string, readonly string[]>();
  for (const g of groups) for (const s of g.say) if (!table.has(s)) table.set(s, g.written);
  return {
    rewrite(query, df, size) {
      const text = normalFormOf(query);
      // A term is in the corpus when all its bigrams are, and it tells cases apart only when each
      // of them does (人民群众 has 人民 and 群众, found nearly everywhere).
      const spread = (term: string) => {
        if (term.length < 2) return { min: df(term), max: df(term) };
        let min = Infinity;
        let max = 0;
        for (let i = 0; i + 1 < term.length; i++) {
          const n = df(term.slice(i, i + 2));
          min = Math.min(min, n);
          max = Math.max(max, n);
        }
        return { min, max };
      };
      const limit = Math.max(2, TELLING_SHARE * size);
      const out: string[] = [];
      let replaced = false;
      for (let i = 0; i < text.length; ) {
        let len = Math.min(MAX_SAY, text.length - i);
        let options: readonly string[] | undefined;
        for (; len >= 1; len--) if ((options = table.get(text.slice(i, i + len)))) break;
        const said = text.slice(i, i + Math.max(len, 1));
        // The corpus uses the word as said: it matches directly, nothing to translate.
        const official = options && spread(said).min === 0 ? options.find((w) => spread(w).min > 0 && spread(w).max <= limit) : undefined;
        if (official) {
          // Spaces keep the official term its own segment, matched whole, not glued to a neighbour.
          out.push(` ${official} `);
          replaced = true;
        } else out.push(said);
        i += said.length;
      }
      return replaced ? out.join("").replace(/\s+/g, " ").trim() : undefined;
    },
  };
}

let shared: Rewriter | undefined;

/**
 * The bundled lexicons, read once per process: colloquial.json, then colloquial-extra.json,
 * colloquial-phrases.json and colloquial-official.json (lexicons of the same shape, written
 * separately: the extra one for 人大 work's own vocabulary, the phrases one for chat-style
 * phrasings and circumlocutions, the official one starting from the terms and formulae the
 * newsletters print and listing how people describe them). An earlier file's entry wins over a
 * later one's for the same everyday word.
 */
export function defaultRewriter(): Rewriter {
  const load = createRequire(import.meta.url);
  shared ??= createRewriter(LEXICONS.flatMap((file) => (load(file) as { groups: Group[] }).groups));
  return shared;
}

const LEXICONS = ["./colloquial.json", "./colloquial-extra.json", "./colloquial-phrases.json", "./colloquial-official.json"];
