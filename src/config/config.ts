import { DOCUMENT_LIMITS_MESSAGE, parseDocumentLimits } from "../corpus/extract/limits.ts";
import { optionalString, z, type Zod } from "./env.ts";
import { ConfigError } from "../errors.ts";
import { HOST_LIST_MESSAGE, parseHostList } from "../net/host-list.ts";

/**
 * The whole environment, validated once at start-up: the core's variables here, each platform's in
 * its adapter (src/platforms/<name>/adapter.ts), all in one pass. Every variable is documented in
 * .env.example. A bad value stops the process with a message that names the variable and what to set.
 */
const coreSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** The bot's logs go to this file (appended) instead of stderr. */
  LOG_FILE: optionalString,
  DATA_DIR: z.string().trim().min(1).default("data"),
  ARTICLES_DIR: optionalString,
  DIGEST_CRON: z.string().trim().min(1).default("0 9 * * 1"),
  DIGEST_TZ: z.string().trim().min(1).default("Asia/Shanghai"),
  /** Pushes in flight at once during a fan-out (each waits for its "sent" mark on disk before the next). */
  DIGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** "off" ignores platform rate limits: tests and the benchmark only. */
  DIGEST_LIMITS: z.enum(["on", "off"]).default("on"),
  /** "off": no question log, no feedback buttons, nothing written (see README, Question statistics). */
  STATS: z.enum(["on", "off"]).default("on"),
  STATS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Salt for the chat and user hashes; generated once into $DATA_DIR/stats.salt when unset. */
  STATS_SALT: optionalString.refine((v) => v === undefined || v.length >= 16, { message: "must be at least 16 characters (or unset: a salt is generated)" }),
  /** Hosts `ingest <url>` may download from although they resolve to private addresses (an intranet server). */
  INGEST_ALLOWED_HOSTS: optionalString.refine((v) => parseHostList(v).bad.length === 0, { message: HOST_LIST_MESSAGE }),
  /** Overrides of the limits on one untrusted document (src/corpus/extract/limits.ts), e.g. "timeoutMs=30000,heapMb=256". */
  DOCUMENT_LIMITS: optionalString.refine(
    (v) => {
      try {
        parseDocumentLimits(v);
        return true;
      } catch {
        return false;
      }
    },
    { message: DOCUMENT_LIMITS_MESSAGE },
  ),
  /** auto: the search index in memory for a small library, saved on disk (SQLite) from 10,000 cases; memory or saved to choose. */
  SEARCH_INDEX: z.enum(["auto", "memory", "saved"]).default("auto"),
});

export interface DigestConfig {
  /** DIGEST_CRON / DIGEST_TZ: the schedule /subscribe uses without one (checked when the digest is built). */
  cron: string;
  timezone: string;
  concurrency: number;
  /** false: ignore platform rate limits (DIGEST_LIMITS=off). */
  limits: boolean;
}

/** The question log (src/store/question-log.ts). */
export interface StatsConfig {
  /** false: STATS=off — nothing is logged and answers carry no feedback buttons. */
  enabled: boolean;
  retentionDays: number;
  /** $DATA_DIR/questions.json. */
  file: string;
  /** STATS_SALT, else read from (or generated into) saltFile. */
  salt?: string;
  saltFile: string;
}

/** What every part of the bot may read; platform sections are in Config.platforms. */
export interface CoreConfig {
  nodeEnv: "development" | "production" | "test";
  logLevel: Zod.infer<typeof coreSchema>["LOG_LEVEL"];
  /** LOG_FILE: the bot's logs are appended there instead of going to stderr. */
  logFile?: string;
  dataDir: string;
  articlesDir: string;
  dbFile: string;
  digest: DigestConfig;
  stats: StatsConfig;
  /** INGEST_ALLOWED_HOSTS (hostKey form): exempt from the outbound-address policy for `ingest <url>`. */
  ingestAllowedHosts: string[];
  /** SEARCH_INDEX: where the search index lives (answer/open-library.ts). */
  searchIndex: "auto" | "memory" | "saved";
}

/**
 * One optional section per platform, present exactly when that platform runs. Each platform adds
 * its own by module augmentation in its profile (src/platforms/<name>/profile.ts), as Satori types
 * its context: the config knows no platform, and config.platforms.telegram is still typed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PlatformSections {}

export interface Config extends CoreConfig {
  platforms: PlatformSections & Record<string, unknown>;
}

/** A platform's section of the environment. Validated once, in loadConfig; start() trusts it. */
export interface PlatformSettings<C, V> {
  /** This platform's variables, validated in one pass with the core's: a bad value names the variable. */
  schema: Zod.ZodType<V>;
  /** Variables whose values must never reach a log line. */
  secrets: readonly string[];
  /** The section from valid variables, or undefined when the platform is not configured. Throws ConfigError for combinations that cannot work. */
  section(vars: V, core: CoreConfig): C | undefined;
}

/** What loadConfig needs of a platform (its adapter, src/platforms/types.ts, is one). */
export interface ConfigurablePlatform<C = unknown, V = unknown> {
  readonly name: string;
  readonly settings: PlatformSettings<C, V>;
  /** False when a configured section only pushes (WeCom with group robots only). Default true. */
  takesMessages?(section: C): boolean;
  /** True when the section should run only if no other platform takes messages (the console's default). */
  fallback?(section: C): boolean;
}

/** The platforms are handed in by the composition root (src/main.ts, src/cli.ts): the config imports none. */
export function loadConfig(env: NodeJS.ProcessEnv, platforms: readonly ConfigurablePlatform[]): Config {
  const issues: string[] = [];
  const check = <T>(result: Zod.ZodSafeParseResult<T>): T | undefined => {
    if (result.success) return result.data;
    issues.push(...result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`));
    return undefined;
  };
  const core = check(coreSchema.safeParse(env));
  const vars = platforms.map((p) => check(p.settings.schema.safeParse(env)));
  if (!core || issues.length) throw new ConfigError(`Invalid environment (see .env.example):\n${issues.join("\n")}`);

  const config: CoreConfig = {
    nodeEnv: core.NODE_ENV,
    logLevel: core.LOG_LEVEL,
    ...(core.LOG_FILE ? { logFile: core.LOG_FILE } : {}),
    dataDir: core.DATA_DIR,
    articlesDir: core.ARTICLES_DIR ?? `${core.DATA_DIR}/articles`,
    dbFile: `${core.DATA_DIR}/db.json`,
    digest: { cron: core.DIGEST_CRON, timezone: core.DIGEST_TZ, concurrency: core.DIGEST_CONCURRENCY, limits: core.DIGEST_LIMITS !== "off" },
    stats: {
      enabled: core.STATS !== "off",
      retentionDays: core.STATS_RETENTION_DAYS,
      file: `${core.DATA_DIR}/questions.json`,
      salt: core.STATS_SALT,
      saltFile: `${core.DATA_DIR}/stats.salt`,
    },
    ingestAllowedHosts: parseHostList(core.INGEST_ALLOWED_HOSTS).hosts,
    searchIndex: core.SEARCH_INDEX,
  };
  const sections = new Map<ConfigurablePlatform, unknown>();
  platforms.forEach((p, i) => {
    const section = p.settings.section(vars[i], config);
    if (section !== undefined) sections.set(p, section);
  });
  // A fallback (the console by default) runs only when nothing else takes messages.
  const isFallback = (p: ConfigurablePlatform) => p.fallback?.(sections.get(p)) === true;
  const receiving = [...sections.keys()].some((p) => !isFallback(p) && p.takesMessages?.(sections.get(p)) !== false);
  if (receiving) for (const p of [...sections.keys()]) if (isFallback(p)) sections.delete(p);
  return { ...config, platforms: Object.fromEntries([...sections].map(([p, s]) => [p.name, s])) as Config["platforms"] };
}

/** Names of variables whose values must never reach a log line: the core's and each platform's. */
export function secretKeys(platforms: readonly ConfigurablePlatform[]): readonly string[] {
  return [...platforms.flatMap((p) => p.settings.secrets), "STATS_SALT"];
}
