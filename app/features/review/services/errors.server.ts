// Typed refusals for the review and engagement lifecycle. Thrown inside the transaction, so nothing the
// transaction did is kept; routes turn them into a response with a translated message (409 for a
// transition the current state does not allow, 403 for the wrong role, 400 for missing input).
import { data } from "react-router";
import { TransitionRefusedError } from "~/utils/transition-errors.server";
import type { ErrorPayload } from "~/utils/http.server";

export type RefusalCode =
  | "notFound"
  | "forbidden"
  | "wrongState"
  | "needNotActive"
  | "offerNotActive"
  | "reasonRequired"
  | "undertakingsRequired"
  | "alreadyProposed"
  | "ownOrganisation"
  | "alreadyGiven"
  | "engagementClosed"
  | "invalidInput";

const statusOf: Record<RefusalCode, 400 | 403 | 404 | 409> = {
  notFound: 404,
  forbidden: 403,
  wrongState: 409,
  needNotActive: 409,
  offerNotActive: 409,
  reasonRequired: 400,
  undertakingsRequired: 400,
  alreadyProposed: 409,
  ownOrganisation: 409,
  alreadyGiven: 409,
  engagementClosed: 409,
  invalidInput: 400,
};

export class LifecycleRefusedError extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly entityType: "proposal" | "engagement" | "need" | "offer",
    readonly entityId: string | null,
    /** The status found, when one was. */
    readonly currentStatus: string | null = null,
  ) {
    super(`${entityType} ${entityId ?? "?"}: refused (${code}) from ${currentStatus ?? "-"}`);
    this.name = "LifecycleRefusedError";
  }

  get status() {
    return statusOf[this.code];
  }

  /** i18n key of the message shown to the user (namespace review). */
  get messageKey() {
    return `review:errors.${this.code}`;
  }
}

/** Turns a refusal (ours or the need lifecycle's) into a typed error Response; rethrows anything else. */
export function refusalResponse(error: unknown) {
  if (error instanceof LifecycleRefusedError) {
    return data<ErrorPayload>(
      { messageKey: error.messageKey, values: { status: error.currentStatus ?? "" } },
      { status: error.status },
    );
  }
  if (error instanceof TransitionRefusedError) {
    return data<ErrorPayload>(
      { messageKey: "review:errors.needWrongState" },
      { status: error.currentStatus === null ? 404 : 409 },
    );
  }
  throw error;
}
