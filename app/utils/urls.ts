import { setting } from "./env-schema";

/** Absolute links for emails and calendar files, from APP_URL (shared by the web app and the worker). */
export function appUrl(path: string) {
  return new URL(path, setting("APP_URL")).toString();
}
