import type { LiveLibrary } from "./answer/live.ts";
import type { Answerer } from "./answer/types.ts";
import type { Registry } from "./commands/registry.ts";
import type { CaseLibrary } from "./corpus/types.ts";
import type { DigestService } from "./digest/service-types.ts";
import type { Newsletters } from "./interaction/newsletters.ts";
import type { ChatRepository } from "./store/chats.ts";
import type { QuestionLog } from "./store/question-log.ts";
import type { StateStore } from "./store/state-store.ts";

/** What answering a question and pressing a button need: ready as soon as the corpus is indexed. */
export interface AnsweringServices {
  /** The current library: in the running app a view of the live library's newest build. */
  library: CaseLibrary;
  answerer: Answerer;
  registry: Registry;
  /** The question log behind /stats and the 👍/👎 buttons; absent with STATS=off (then nothing is logged). */
  questions?: QuestionLog;
  /** The holder behind library/answerer (absent where a test builds fixed services). */
  live?: LiveLibrary;
  /** Editors adding, removing and listing newsletters from a chat (absent: uploads are off). */
  newsletters?: Newsletters;
}

/** What needs the state file: opened after answering is ready (lowdb, the digest's modules). */
export interface StatefulServices {
  store: StateStore;
  chats: ChatRepository;
  /** The weekly push; absent only where a test leaves it out. */
  digest?: DigestService;
}

/**
 * What commands and platforms use, in two typed stages: answering at once, and the stateful part as
 * a promise that whatever needs it awaits (subscribing, recording a chat). It rejects, naming the
 * problem, when the state file is unreadable or DIGEST_CRON/DIGEST_TZ is unusable.
 */
export interface Services extends AnsweringServices {
  stateful: Promise<StatefulServices>;
}
