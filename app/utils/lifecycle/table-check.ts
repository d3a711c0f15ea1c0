// Test support for the table tests: every (status × action) pair of a table against the allowed pairs
// written out by hand, so that a change to a table has to be made twice to pass.
import { expect } from "vitest";
import { AppError } from "./app-error";
import type { LifecycleTable } from "./define";

export function expectTable<S extends string, A extends string>(
  table: LifecycleTable<S, A>,
  /** Every allowed move as "from --action--> to"; everything else must be refused. */
  allowed: string[],
) {
  const expected = new Map(
    allowed.map((line) => {
      const m = /^(\w+) --(\w+)--> (\w+)$/.exec(line);
      if (!m) throw new Error(`bad line: ${line}`);
      return [`${m[1]} ${m[2]}`, m[3]] as const;
    }),
  );
  let allowedSeen = 0;
  for (const status of table.statuses) {
    for (const action of table.actions) {
      const to = expected.get(`${status} ${action}`);
      if (to) {
        allowedSeen++;
        expect(table.can(action, status), `${status} --${action}-->`).toBe(true);
        expect(table.next(action, status, "id-1"), `${status} --${action}-->`).toBe(to);
      } else {
        expect(table.can(action, status), `${status} --${action}--> refused`).toBe(false);
        let thrown: unknown = null;
        try {
          table.next(action, status, "id-1");
        } catch (error) {
          thrown = error;
        }
        expect(thrown, `${status} --${action}--> refused`).toBeInstanceOf(AppError);
        expect(thrown).toMatchObject({
          code: "wrongState",
          status: 409,
          entityType: table.entity,
          entityId: "id-1",
          currentStatus: status,
          action,
        });
      }
    }
  }
  // Every listed move exists in the table (a typo in a status or action name would otherwise pass).
  expect(allowedSeen).toBe(expected.size);
  const missing = table.next.bind(null, table.actions[0]!, null, "gone");
  expect(missing).toThrow(AppError);
  try {
    missing();
  } catch (error) {
    expect(error).toMatchObject({ code: "notFound", status: 404, currentStatus: null });
  }
}
