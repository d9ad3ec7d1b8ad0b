/**
 * Sentences of Chinese prose: cut after 。！？；(and their ASCII forms), a closing quote staying
 * with its sentence. Figures, subjects and the search index's passages all cut text this way.
 */
export function splitSentences(text: string): string[] {
  return text.match(/[^。！？!?；;]+[。！？!?；;]?[”」]?/g)?.filter((s) => s.trim()) ?? [];
}
