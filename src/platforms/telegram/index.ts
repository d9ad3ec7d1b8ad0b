// Owned by the Telegram feature (issue 3).
import type { PlatformDeps, RunningPlatform } from "../types.ts";

export async function startTelegram(_deps: PlatformDeps): Promise<RunningPlatform> {
  throw new Error("Telegram adapter not implemented yet");
}
