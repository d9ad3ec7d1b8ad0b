import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/**
 * Input lines split on "\n" only (a "\r\n" ending loses its "\r"). node:readline also ends a line
 * at a bare "\r", which split one question pasted with an old Mac line break into two answers; for
 * `ask --json` the contract is one JSON object per input line.
 */
export async function* inputLines(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  for await (const chunk of input) {
    pending += typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    let at: number;
    while ((at = pending.indexOf("\n")) >= 0) {
      yield pending.slice(0, at).replace(/\r$/, "");
      pending = pending.slice(at + 1);
    }
  }
  pending += decoder.end();
  if (pending) yield pending.replace(/\r$/, "");
}
