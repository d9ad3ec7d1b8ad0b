// Owned by the WeCom feature (issue 5): group-robot webhook registry used by commands.
export interface WebhookService {
  readonly _placeholder?: never;
}
