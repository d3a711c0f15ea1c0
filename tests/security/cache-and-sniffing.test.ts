// Issue 15, "confidential data responses are cacheable": every response that depends on the session is
// `Cache-Control: private, no-store` — React Router's `.data` responses and resource routes included — and
// every response carries `X-Content-Type-Options: nosniff`, 404s included. Checked through the app as the
// route tests run it (in-process) and through the compiled production server (build/web.js).
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNeed, createNetwork } from "../support/factories";
import { startWebServer } from "../support/processes";
import { send } from "../support/app";
import { createTestSession, enableTotpFor } from "../support/sessions";

type Case = { path: string; who: "coalition" | "secretariat" | "visitor"; session: boolean };
let cases: Case[];
let cookies: Record<Case["who"], string | undefined>;

beforeAll(async () => {
  const n = await createNetwork();
  await enableTotpFor(n.secretariatUser.id);
  const need = await createNeed({ organisationId: n.coalition.id, createdById: n.coalitionUser.id });
  cookies = {
    coalition: (await createTestSession(n.coalitionUser.id)).cookie,
    secretariat: (await createTestSession(n.secretariatUser.id, { twoFactorVerified: true })).cookie,
    visitor: undefined,
  };
  const session = (path: string, who: Case["who"] = "coalition"): Case => ({ path, who, session: true });
  cases = [
    // pages and their data requests
    session(`/needs/${need.id}`),
    session(`/needs/${need.id}.data`),
    session("/needs.data"),
    session("/settings.data"),
    session("/secretariat/audit.data", "secretariat"),
    session("/secretariat/audit", "secretariat"),
    // resource routes
    session("/settings/data/export"),
    session("/secretariat/insight/export/gap.csv", "secretariat"),
    // answers that depend on the session even for a visitor (the root loader reads it)
    session("/", "visitor"),
    session("/_root.data", "visitor"),
    session("/login.data", "visitor"),
    // 404s of every kind
    session("/no-such-page", "coalition"),
    session("/no-such-page.data", "coalition"),
    session(`/needs/does-not-exist.data`),
    session("/secretariat/insight/export/secrets.csv", "secretariat"),
    // not session-dependent, still never sniffed
    { path: "/healthz", who: "visitor", session: false },
  ];
});

function check(c: Case, status: number, headers: Headers) {
  const label = `${c.path} (${c.who}, ${status})`;
  expect(headers.get("x-content-type-options"), label).toBe("nosniff");
  if (c.session) {
    const cacheControl = headers.get("cache-control") ?? "";
    expect(cacheControl, label).toMatch(/\bprivate\b/);
    expect(cacheControl, label).toMatch(/\bno-store\b/);
  }
}

describe("in-process (the app's own headers)", () => {
  it("sends private, no-store on everything that depends on the session, and nosniff everywhere", async () => {
    for (const c of cases) {
      const res = await send(c.path, { cookie: cookies[c.who] });
      check(c, res.status, res.headers);
    }
  });
});

describe("the compiled production server", () => {
  let server: ChildProcess;
  let base: string;
  beforeAll(async () => {
    ({ child: server, base } = await startWebServer({
      SESSION_SECRET: "cache-and-sniffing-test-secret-0123456789ab",
      DEV_MAILBOX: "",
      METRICS_PORT: "",
    }));
  }, 120_000);
  afterAll(() => {
    server?.kill("SIGKILL");
  });

  it("sends the same headers over HTTP, static files and Express-level answers included", async () => {
    for (const c of cases) {
      const res = await fetch(`${base}${c.path}`, {
        redirect: "manual",
        headers: cookies[c.who] ? { cookie: cookies[c.who]! } : {},
      });
      await res.arrayBuffer();
      check(c, res.status, res.headers);
      // One header, not two (React Router's response headers are appended to what Express set).
      expect(res.headers.get("x-content-type-options"), c.path).toBe("nosniff");
    }
    for (const path of ["/favicon.svg", "/assets/no-such-file.js", "/no-such-file.txt", "/robots.txt"]) {
      const res = await fetch(`${base}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get("x-content-type-options"), `${path} ${res.status}`).toBe("nosniff");
    }
    // A malformed request that Express answers itself (bad percent-encoding in a static path).
    const bad = await fetch(`${base}/assets/%E0%A4%A.js`);
    await bad.arrayBuffer();
    expect(bad.headers.get("x-content-type-options"), `malformed ${bad.status}`).toBe("nosniff");
  });
});
