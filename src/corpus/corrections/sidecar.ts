// zod through env.ts: its CommonJS build, which loads far faster under tsx than the ES-module one.
import { readFile, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { z } from "../../config/env.ts";
import { writeFileAtomic } from "../cache.ts";
import { MAX_CORRECTIONS, sidecarOf, type Correction, type CorrectionsFile } from "./types.ts";
import { SIDECAR_TEXT } from "../../messages/corrections.ts";

const MAX_SIDECAR_BYTES = 512 * 1024;
/** Passages of an article's own text one correction names (a document has far fewer). */
const MAX_PASSAGES = 2000;

const name = z.string().trim().min(1).max(100);
const unitRef = z.object({ key: z.string().max(200), name });
const made = { at: z.string().max(40), by: z.string().max(200).optional() };
const passageRef = z.object({ hash: z.string().regex(/^[0-9a-f]{12}$/), start: z.string().min(1).max(100), text: z.string().max(200) });
const ownPassages = z.array(passageRef).max(MAX_PASSAGES).optional();
const correction = z.discriminatedUnion("op", [
  z.object({ op: z.literal("rename"), unit: unitRef.nullable(), to: name, passages: ownPassages, ...made }),
  z.object({ op: z.literal("merge"), unit: unitRef.nullable(), into: unitRef.nullable(), passages: ownPassages, ...made }),
  z.object({ op: z.literal("move"), passage: passageRef, to: unitRef.nullable(), ...made }),
]);
const sidecarSchema = z.object({ version: z.literal(1), corrections: z.array(correction).max(MAX_CORRECTIONS) });

export interface SidecarRead {
  corrections: Correction[];
  /** The file exists but cannot be used (Chinese, for the report); its corrections are not applied. */
  problem?: string;
  /** What exactly is wrong, for the log. */
  detail?: string;
}

/**
 * The corrections stored beside `sourceFile` (relative to the articles directory). A missing
 * file is no corrections; a file that is not ours to read (broken JSON, another shape, too big)
 * is reported and ignored, never thrown: one bad sidecar must not take the library down.
 */
export async function readCorrections(articlesDir: string, sourceFile: string): Promise<SidecarRead> {
  const path = join(articlesDir, sidecarOf(sourceFile));
  const shown = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { corrections: [] };
    return { corrections: [], problem: SIDECAR_TEXT.unreadable(shown, code ?? SIDECAR_TEXT.readFailed), detail: (err as Error).message };
  }
  return parseCorrections(bytes, shown);
}

/** A sidecar's bytes → its corrections, or what is wrong with it (`shown`: its name in the message). */
export function parseCorrections(bytes: Uint8Array, shown: string): SidecarRead {
  if (bytes.length > MAX_SIDECAR_BYTES)
    return { corrections: [], problem: SIDECAR_TEXT.unreadable(shown, SIDECAR_TEXT.tooBig), detail: `${bytes.length} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (err) {
    return { corrections: [], problem: SIDECAR_TEXT.unreadable(shown, SIDECAR_TEXT.notJson), detail: (err as Error).message };
  }
  const parsed = sidecarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join(".") || issue.message : "?";
    return { corrections: [], problem: SIDECAR_TEXT.unreadable(shown, SIDECAR_TEXT.badShape(where)), detail: parsed.error.message };
  }
  return { corrections: parsed.data.corrections as Correction[] };
}

/** Writes the corrections beside the document (atomically); none left removes the file. */
export async function writeCorrections(articlesDir: string, sourceFile: string, corrections: readonly Correction[]): Promise<void> {
  const path = join(articlesDir, sidecarOf(sourceFile));
  if (corrections.length === 0) {
    await rm(path, { force: true });
    return;
  }
  const file: CorrectionsFile = { version: 1, corrections: [...corrections] };
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}
