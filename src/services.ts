import type { Answerer } from "./answer/types.ts";
import type { Registry } from "./commands/registry.ts";
import type { CaseLibrary } from "./corpus/types.ts";
import type { DigestService } from "./digest/service-types.ts";
import type { StateStore } from "./store/state-store.ts";
import type { WebhookService } from "./platforms/wecom/webhook-types.ts";

/** What answering a question and pressing a button need; ready as soon as the corpus is indexed. */
export type AnsweringServices = Pick<Services, "library" | "answerer" | "registry">;

/** What commands may use. Built once in main.ts; optional parts are absent when not configured. */
export interface Services {
  library: CaseLibrary;
  answerer: Answerer;
  registry: Registry;
  store: StateStore;
  digest?: DigestService;
  webhooks?: WebhookService;
}
