// A lifecycle: the table of allowed transitions (action → the statuses it may start from and the status
// it leads to) and the one `transition` that applies it. A transition is one conditional update inside the
// caller's transaction (`UPDATE … WHERE status IN (from)`): when it matches no row the transition is
// refused with an AppError and, the transaction rolling back, nothing changes. A second submission of the
// same form finds the record already moved on and is refused the same way. Side effects (audit, outbox,
// email) belong to the feature's service that calls `transition`.
import type { Tx } from "~/utils/db.server";
import { AppError, type LifecycleEntity } from "./app-error";

export type TransitionTable<S extends string, A extends string> = {
  readonly [K in A]: { readonly from: readonly S[]; readonly to: S };
};

/** How a lifecycle reads and moves its records (one Prisma model). */
export type LifecycleStore<S extends string, R extends { status: S }, D> = {
  /** The record as the service needs it, or null when it does not exist. */
  find(tx: Tx, id: string): Promise<R | null>;
  /** The conditional update: `to` (and `data`) where the status is one of `from`; how many rows moved. */
  move(tx: Tx, id: string, from: S[], to: S, data: D): Promise<number>;
};

/** The pure part of a lifecycle: the table and its questions (safe in the browser bundle). */
export function defineTable<S extends string, A extends string>(
  entity: LifecycleEntity,
  statuses: readonly S[],
  transitions: TransitionTable<S, A>,
) {
  const actions = Object.keys(transitions) as A[];
  /** Whether `action` may start from `status`. */
  const can = (action: A, status: S) => transitions[action].from.includes(status);
  return {
    entity,
    statuses,
    actions,
    transitions,
    can,
    /** The actions a record in `status` offers. */
    actionsFrom: (status: S) => actions.filter((a) => can(a, status)),
    /** Where `action` leads from `status`; refuses (AppError) when the table does not allow it. */
    next(action: A, status: S | null, id: string | null = null): S {
      if (status === null) throw new AppError("notFound", entity, id, { action });
      if (!can(action, status))
        throw new AppError("wrongState", entity, id, { currentStatus: status, action });
      return transitions[action].to;
    },
  };
}

export type LifecycleTable<S extends string, A extends string> = ReturnType<typeof defineTable<S, A>>;

/** A table plus the store it moves records in: `transition(tx, id, action, data)`. */
export function defineLifecycle<S extends string, A extends string, R extends { status: S }, D>(
  table: LifecycleTable<S, A>,
  store: LifecycleStore<S, R, D>,
) {
  return {
    ...table,
    /**
     * Applies `action` to the record `id`. `before` skips the read when the caller has just loaded the
     * record (it must come from the same transaction). Returns the record as it was and the new status.
     */
    async transition(
      tx: Tx,
      id: string,
      action: A,
      data: D,
      options: { before?: R } = {},
    ): Promise<{ before: R; from: S; to: S }> {
      const before = options.before ?? (await store.find(tx, id));
      if (!before) throw new AppError("notFound", table.entity, id, { action });
      const { from, to } = table.transitions[action];
      const moved = await store.move(tx, id, [...from], to, data);
      if (moved === 0)
        throw new AppError("wrongState", table.entity, id, { currentStatus: before.status, action });
      return { before, from: before.status, to };
    },
  };
}
