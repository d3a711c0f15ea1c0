// Facts about the request that auth code records (client IP for audit and rate limits, user agent for
// the sessions list) and the response helpers for rate-limited and invalid forms.
import type { SubmissionResult } from "@conform-to/react";
import { data, type RouterContextProvider } from "react-router";
import { requestInfoContext } from "~/utils/request-context.server";

export function clientIp(context: Readonly<RouterContextProvider> | undefined): string | null {
  try {
    return context?.get(requestInfoContext).ip ?? null;
  } catch {
    return null;
  }
}

export function userAgent(request: Request) {
  return request.headers.get("user-agent")?.slice(0, 300) ?? null;
}

/** 429 with Retry-After and a translated form error (the page shows it next to the form). */
export function tooManyAttempts(result: SubmissionResult<string[]>, retryAfter: number) {
  return rateLimited({ result }, retryAfter);
}

export function rateLimited<T>(payload: T, retryAfter: number) {
  return data(payload, { status: 429, headers: { "Retry-After": String(retryAfter) } });
}
