// Owned by the weekly-push feature (issue 4); commands/subscribe etc. call this.
export interface DigestService {
  readonly _placeholder?: never;
}
