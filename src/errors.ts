import { GENERIC_FAILURE, SOMETHING_WENT_WRONG, STATE_WRITE_FAILED } from "./messages/catalog.ts";

/**
 * The one rule for the text a user sees when handling their message failed, on every platform:
 * a CasebotError carries a message meant for chat (a refusal, input we will not take), anything
 * else gets the apology — never a stack trace or an internal message.
 */
export function userMessageOf(err: unknown): string {
  return err instanceof CasebotError ? err.userMessage : SOMETHING_WENT_WRONG;
}

/** Base class: `userMessage` is safe to show in chat; `message` is for logs. */
export class CasebotError extends Error {
  constructor(
    message: string,
    readonly userMessage = GENERIC_FAILURE,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The environment is incomplete or invalid; the message names the variable to set. */
export class ConfigError extends CasebotError {}

/** The corpus could not be read or parsed. */
export class CorpusError extends CasebotError {}

/** The state file is unreadable; it has been kept aside and nothing was overwritten. */
export class StateFileError extends CasebotError {}

/** A state change could not be written (full disk, read-only directory); it was rolled back in memory. */
export class StateWriteError extends CasebotError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, STATE_WRITE_FAILED, options);
  }
}

/** A user asked for something they may not do (e.g. subscribe a group without being admin). */
export class PermissionError extends CasebotError {
  constructor(message: string, userMessage: string) {
    super(message, userMessage);
  }
}

/** Input the bot refuses on purpose (too long, unknown case id …). */
export class UserInputError extends CasebotError {
  constructor(userMessage: string) {
    super(userMessage, userMessage);
  }
}
