// Owned by the WeCom feature (issue 5).
import type { PlatformDeps, RunningPlatform } from "../types.ts";

export async function startWecom(_deps: PlatformDeps): Promise<RunningPlatform> {
  throw new Error("WeCom adapter not implemented yet");
}
