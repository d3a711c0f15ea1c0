// Every route × every role: the expected status, no confidential marker in a body that role may not
// see, and what a case says the page must show a role (e.g. "awaiting verification" to the owner). A route in app/routes.ts without an entry in tests/support/route-matrix.ts fails this test.
import { beforeAll, describe, expect, it } from "vitest";
import routes from "~/routes";
import { send } from "../support/app";
import {
  buildFixture,
  flattenRoutes,
  matrix,
  roles,
  type Fixture,
  type Outcome,
} from "../support/route-matrix";

const patterns = flattenRoutes(routes as never);
let f: Fixture;

beforeAll(async () => {
  f = await buildFixture();
});

function matches(outcome: Outcome, status: number, location: string | null) {
  if (status >= 500) return false;
  if (outcome === "any") return true;
  if (outcome === "login")
    return status >= 300 && status < 400 && !!location?.startsWith("/login?redirectTo=");
  if (outcome === "redirect") return status >= 300 && status < 400;
  if (outcome === "deny") return status === 403 || status === 404;
  return status === outcome;
}

describe("authorisation matrix", () => {
  it("has an entry for every route", () => {
    const known = new Set(matrix.map((e) => e.pattern));
    const missing = patterns.filter((p) => !known.has(p));
    expect(
      missing,
      `routes without an authorisation-matrix entry (add them to tests/support/route-matrix.ts)`,
    ).toEqual([]);
  });

  for (const entry of matrix) {
    for (const c of entry.cases) {
      it(`${entry.pattern} — ${c.name}`, async (ctx) => {
        if (!patterns.includes(entry.pattern)) ctx.skip(); // the route is not in this build
        const path = c.path(f);
        const results = await Promise.all(
          roles.map(async (role) => {
            const res = await send(path, { cookie: f.cookies[role] });
            return { role, res };
          }),
        );
        const problems: string[] = [];
        for (const { role, res } of results) {
          const expected = c.expect[role];
          if (!matches(expected, res.status, res.location)) {
            problems.push(
              `${role}: expected ${expected}, got ${res.status}${res.location ? ` → ${res.location}` : ""}`,
            );
          }
          for (const shown of c.shows ?? []) {
            if (!shown.roles.includes(role)) continue;
            const text = shown.text(f);
            if (res.status !== 200 || !res.body.includes(text))
              problems.push(`${role}: expected the page to show "${text}" (status ${res.status})`);
          }
          for (const m of f.markers) {
            if (path.includes(m.text)) continue; // a token may appear on its own page (its URL)
            if (!m.allowedFor.includes(role) && res.body.includes(m.text))
              problems.push(`${role}: body contains confidential "${m.text}"`);
          }
        }
        expect(problems, `${path}`).toEqual([]);
      });
    }
  }
});
