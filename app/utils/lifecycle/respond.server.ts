// The one mapping from a coded AppError to an HTTP answer: its status (4xx) and a message key with its
// values, which the page or the error boundary translates into the reader's language (en, es, fr).
import { data } from "react-router";
import type { ErrorPayload } from "~/utils/http.server";
import { AppError } from "./app-error";

/** The HTTP answer for a refusal. */
export function appErrorResponse(error: AppError) {
  return data<ErrorPayload>({ messageKey: error.messageKey, values: error.values }, { status: error.status });
}

/**
 * For actions that show the refusal on their own page: returns the answer for an AppError, rethrows
 * anything else (a 500 stays a 500).
 */
export function refusalResponse(error: unknown) {
  if (error instanceof AppError) return appErrorResponse(error);
  throw error;
}

/** For loaders and actions that let the error boundary show it: throws the answer for an AppError. */
export async function orRefusal<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw refusalResponse(error);
  }
}
