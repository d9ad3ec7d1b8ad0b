// Spawned by bench/search.ts: where the time to a first answer goes, from process start.
const atEntry = performance.now();
const { openAnswering } = await import("../src/answer/open.ts");
const { loadConfig } = await import("../src/config/config.ts");
const { createLogger } = await import("../src/logger.ts");
const { answerQuestion } = await import("../src/answer/respond.ts");
const afterImports = performance.now();
const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" }, []);
const { library, answerer } = await openAnswering(config, createLogger("silent"));
const afterBuild = performance.now();
answerQuestion(answerer, library, "联络站");
const afterAnswer = performance.now();
process.stdout.write(JSON.stringify({
  atEntry,
  imports: afterImports - atEntry,
  corpusAndIndex: afterBuild - afterImports,
  firstAnswer: afterAnswer - afterBuild,
  total: afterAnswer,
}) + "\n");
