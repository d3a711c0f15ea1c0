// Typed errors that are Responses: a loader or action throws one and the error boundary renders it in
// the user's language. Messages are i18n keys (namespace:key), translated where they are shown.
import { data } from "react-router";

export type ErrorPayload = { messageKey: string; values?: Record<string, string | number> };

export function httpError(status: number, messageKey: string, values?: ErrorPayload["values"]) {
  return data<ErrorPayload>({ messageKey, values }, { status });
}

export const notFound = (key = "common:errors.notFound") => httpError(404, key);
export const forbidden = (key = "common:errors.forbidden") => httpError(403, key);
export const badRequest = (key = "common:errors.badRequest") => httpError(400, key);

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === "object" && value !== null && typeof (value as ErrorPayload).messageKey === "string"
  );
}

/** Whether an Accept-Encoding header allows gzip (listed, or `*`, without q=0). */
export function acceptsGzip(header: string | null) {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return !q || Number(q.slice(2)) > 0;
  });
}
