import { loadEnvOrExit, webEnvSchema, type WebEnv } from "./env-schema";

let cached: WebEnv | undefined;

/** The web process's validated environment (parsed once, on first use at start-up). */
export function env(): WebEnv {
  cached ??= loadEnvOrExit(webEnvSchema);
  return cached;
}
