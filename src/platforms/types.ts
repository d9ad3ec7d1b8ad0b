import type { Config } from "../config.ts";
import type { DeliveryChannel } from "../digest/delivery.ts";
import type { Logger } from "../logger.ts";
import type { Services } from "../services.ts";

export interface PlatformDeps {
  config: Config;
  logger: Logger;
  services: Services;
  now?: () => Date;
}

/** A started platform adapter. stop() lets in-flight updates finish, then closes connections. */
export interface RunningPlatform {
  name: string;
  channels: DeliveryChannel[];
  stop(): Promise<void>;
}
