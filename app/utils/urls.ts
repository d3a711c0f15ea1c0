/** Absolute links for emails and calendar files, from APP_URL (shared by the web app and the worker). */
export function appUrl(path: string) {
  return new URL(path, process.env.APP_URL ?? "http://localhost:3000").toString();
}
