/** Longest question we look at; the rest is cut rather than refused. */
export const MAX_INPUT = 500;

/**
 * What every input from a chat goes through before anything reads it (commands, questions,
 * inline queries, the CLI's `ask`): control characters become spaces (newlines are kept),
 * zero-width marks go, and the length is bounded. A leaf module, so answering a question never
 * depends on the command layer.
 */
export function sanitize(text: string): string {
  // Lone surrogates (half an emoji, from a broken client or a cut at a bad offset) go too: no reply may carry one.
  const noControls = text.replace(/(?!\n)[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu, " ");
  const chars = Array.from(noControls.trim());
  return chars.length > MAX_INPUT ? chars.slice(0, MAX_INPUT).join("") : chars.join("");
}

/** The text with any lone surrogate replaced by U+FFFD: the last guard before text leaves for a platform. */
export function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, "\uFFFD");
}
