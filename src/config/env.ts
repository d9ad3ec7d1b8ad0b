import { createRequire } from "node:module";
import type * as Zod from "zod";

/**
 * zod for the environment schemas (the core's in config.ts, each platform's in its adapter).
 * zod's ES-module build is many files, and under tsx's loader each one is a round trip to the loader
 * thread; its CommonJS build loads in-process, which shortens every start (npm run bench measures it).
 */
export const { z } = createRequire(import.meta.url)("zod") as typeof Zod;
export type { Zod };

/** A variable that may be empty (as copied from .env.example): empty means unset. */
export const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
