// Coded application errors (Documenso's AppError): a service refuses with a code, never with a Response;
// the one mapping in respond.server.ts turns the code into an HTTP status and a message key, translated
// where it is shown. Thrown inside a transaction, so nothing the transaction did is kept.

/** Every refusal a service can answer with, and the HTTP status it becomes. */
export const appErrorStatus = {
  notFound: 404,
  forbidden: 403,
  wrongState: 409,
  needNotActive: 409,
  offerNotActive: 409,
  reasonRequired: 400,
  undertakingsRequired: 400,
  alreadyProposed: 409,
  ownOrganisation: 409,
  expertUnverified: 409,
  alreadyGiven: 409,
  engagementClosed: 409,
  /** A request to close the engagement already waits for an answer. */
  closeRequestPending: 409,
  /** The side that asked to close cannot answer its own request (the other side or the secretariat does). */
  ownCloseRequest: 403,
  invalidInput: 400,
} as const satisfies Record<string, 400 | 403 | 404 | 409>;

export type AppErrorCode = keyof typeof appErrorStatus;

/** The records that have a lifecycle. */
export type LifecycleEntity = "need" | "offer" | "proposal" | "engagement" | "closeRequest" | "legislation";

/**
 * Message keys: needs and offers have their own wording for a refused transition (their pages say what
 * happened to *the need* or *the offer*); the review and engagement pages share the review namespace.
 */
function messageKeyOf(code: AppErrorCode, entity: LifecycleEntity) {
  if (entity === "need" || entity === "offer") {
    if (code === "notFound") return "common:errors.notFound";
    if (code === "wrongState") return `${entity}s:errors.transitionRefused`;
  }
  if (entity === "legislation") {
    if (code === "notFound") return "common:errors.notFound";
    if (code === "wrongState") return "legislation:errors.transitionRefused";
  }
  return `review:errors.${code}`;
}

export class AppError extends Error {
  readonly currentStatus: string | null;
  readonly action: string | null;

  constructor(
    readonly code: AppErrorCode,
    readonly entityType: LifecycleEntity,
    readonly entityId: string | null,
    /** The status found, when one was, and the action refused. */
    details: { currentStatus?: string | null; action?: string | null } = {},
  ) {
    const currentStatus = details.currentStatus ?? null;
    const action = details.action ?? null;
    super(
      `${entityType} ${entityId ?? "?"}: ${action ?? "change"} refused (${code}) from ${currentStatus ?? "-"}`,
    );
    this.name = "AppError";
    this.currentStatus = currentStatus;
    this.action = action;
  }

  /** The HTTP status this refusal is answered with. */
  get status(): 400 | 403 | 404 | 409 {
    return appErrorStatus[this.code];
  }

  /** i18n key (namespace:key) of the message shown to the user. */
  get messageKey() {
    return messageKeyOf(this.code, this.entityType);
  }

  /** Values for the message (`{{status}}`). */
  get values() {
    return { status: this.currentStatus ?? "" };
  }
}
