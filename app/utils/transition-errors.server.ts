// Typed errors for refused lifecycle transitions. Thrown inside the transaction, so nothing the
// transaction did is kept; routes turn them into a 409 with a translated message.
export class TransitionRefusedError extends Error {
  constructor(
    readonly entityType: "need" | "offer",
    readonly entityId: string,
    /** The status found (null when the entity does not exist). */
    readonly currentStatus: string | null,
    readonly action: string,
  ) {
    super(`${entityType} ${entityId}: ${action} refused from ${currentStatus ?? "missing"}`);
    this.name = "TransitionRefusedError";
  }

  /** i18n key of the message shown to the user. */
  get messageKey() {
    return this.currentStatus === null
      ? "common:errors.notFound"
      : `${this.entityType}s:errors.transitionRefused`;
  }
}
