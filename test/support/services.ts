/** Services for tests that build them by hand: answering from the given parts, the stateful part already open. */
import { allCommands } from "../../commands/index.ts";
import type { Answerer } from "../../src/answer/types.ts";
import { createAnswerer } from "../../src/answer/answerer.ts";
import { createRegistry } from "../../src/dispatch/registry.ts";
import type { Command, Registry, Services, StatefulServices } from "../../src/dispatch/types.ts";
import { loadLibrary } from "../../src/corpus/load.ts";
import type { CaseLibrary } from "../../src/corpus/types.ts";
import type { DigestService } from "../../src/digest/service-types.ts";
import { PLATFORMS } from "../../src/platforms/index.ts";
import type { Capabilities } from "../../src/reply/capabilities.ts";
import { createChatRepository } from "../../src/store/chats.ts";
import { memoryStateStore, type StateStore } from "../../src/store/state-store.ts";
import type { QuestionLog } from "../../src/store/question-log.ts";

export interface TestServiceParts {
  library: CaseLibrary;
  answerer?: Answerer;
  commands?: readonly Command[];
  registry?: Registry;
  store?: StateStore;
  digest?: DigestService;
  now?: () => Date;
  /** The question log behind /stats and 👍/👎 (none by default, as with STATS=off). */
  questions?: QuestionLog;
}

export type TestServices = Services & { store: StateStore; state: StatefulServices };

let bundled: Promise<CaseLibrary> | undefined;
/** The bundled corpus, parsed once per test worker (read-only). */
export const testLibrary = (): Promise<CaseLibrary> => (bundled ??= loadLibrary("data/articles"));

const answerers = new WeakMap<CaseLibrary, Answerer>();
/** The library's search index, built once per library: the answerer is pure, and building it costs more than most tests. */
export function answererFor(library: CaseLibrary): Answerer {
  let answerer = answerers.get(library);
  if (!answerer) answerers.set(library, (answerer = createAnswerer(library)));
  return answerer;
}

export function testServices(parts: TestServiceParts): TestServices {
  const store = parts.store ?? memoryStateStore();
  const state: StatefulServices = { store, chats: createChatRepository(store, parts.now), digest: parts.digest };
  return {
    library: parts.library,
    answerer: parts.answerer ?? answererFor(parts.library),
    registry: parts.registry ?? createRegistry(parts.commands ?? allCommands),
    stateful: Promise.resolve(state),
    ...(parts.questions ? { questions: parts.questions } : {}),
    store,
    state,
  };
}

/** A built-in platform's capabilities by name, for command contexts built by hand. */
export function capabilitiesOf(name: string): Capabilities {
  const platform = PLATFORMS.find((p) => p.name === name);
  if (!platform) throw new Error(`no platform named ${name}`);
  return platform.capabilities;
}
