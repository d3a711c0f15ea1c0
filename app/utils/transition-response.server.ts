// Turning service outcomes into HTTP answers: a refused lifecycle transition is a 409 with a translated
// message (the error boundary renders it in the user's language).
import { httpError } from "~/utils/http.server";
import { TransitionRefusedError } from "./transition-errors.server";

export async function orConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TransitionRefusedError) {
      throw httpError(error.currentStatus === null ? 404 : 409, error.messageKey);
    }
    throw error;
  }
}
