/** Helpers shared by the format extractor suites (test/extract.*.test.ts). */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { Extractor } from "../src/corpus/blocks.ts";
import { UnreadableDocumentError } from "../src/corpus/extract/errors.ts";

/** A file from test/fixtures/docs/ (made by make-fixtures.ts). */
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`fixtures/docs/${name}`, import.meta.url)));

/** Extracts and expects the refusal; returns it for its messages. */
export async function refusal(extractor: Extractor, bytes: Uint8Array, fileName: string): Promise<UnreadableDocumentError> {
  const error: unknown = await extractor.extract(bytes, { fileName }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnreadableDocumentError);
  return error as UnreadableDocumentError;
}

/** Truncated and bit-flipped copies of a good file (deterministic). */
export function damagedCopies(bytes: Uint8Array): Uint8Array[] {
  const copies = [0.1, 0.5, 0.9].map((share) => bytes.subarray(0, Math.floor(bytes.length * share)));
  const flipped = new Uint8Array(bytes);
  for (let i = 64; i < flipped.length; i += 97) flipped[i] = flipped[i]! ^ 0x5a;
  return [...copies, flipped];
}

/** A damaged file either still reads or is refused with UnreadableDocumentError; nothing else. */
export async function expectReadOrRefused(extractor: Extractor, bytes: Uint8Array, fileName: string): Promise<void> {
  for (const copy of damagedCopies(bytes)) {
    const outcome = await extractor.extract(copy, { fileName }).then(
      (doc) => doc,
      (error: unknown) => error,
    );
    if (outcome instanceof Error) expect(outcome, `${fileName}, ${copy.length} bytes`).toBeInstanceOf(UnreadableDocumentError);
    else expect(Array.isArray((outcome as { blocks: unknown }).blocks)).toBe(true);
  }
}
