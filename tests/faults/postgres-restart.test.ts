// Fault drill: PostgreSQL restarted under the web app. The app talks to this file's database through a
// TCP proxy we control (tests/faults/pg-proxy.ts) — the machine's shared cluster is never restarted.
// cut() drops every pooled connection and refuses new ones, as a restart does. While it is away, pages
// answer a friendly, translated 503 (never a 500 or a stack trace), /healthz stays up and /readyz says
// "not ready"; once it is back the same process serves again, with no restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb, db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNeed, createNetwork, createUser } from "../support/factories";
import { waitFor } from "../support/processes";
import { createTestSession } from "../support/sessions";
import { startPgProxy } from "./pg-proxy";

const EN = "Puente is temporarily unavailable. Please try again in a moment.";
const ES = "Puente no está disponible en este momento. Vuelva a intentarlo en un momento.";
const FR = "Puente est momentanément indisponible. Réessayez dans un instant.";

let proxy: Awaited<ReturnType<typeof startPgProxy>>;
let directUrl: string;
let cookie: string;
let needId: string;
let userId: string;

beforeAll(async () => {
  const n = await createNetwork();
  const need = await createNeed({ organisationId: n.coalition.id, createdById: n.coalitionUser.id });
  const es = await createUser({ locale: "es" }, { organisationId: n.coalition.id, role: "member" });
  userId = es.id;
  needId = need.id;
  cookie = (await createTestSession(es.id, { activeOrganisationId: n.coalition.id })).cookie;
  // From here on, every pool in this process (Prisma, the boards' and search's pg pools) goes through the proxy.
  proxy = await startPgProxy();
  directUrl = process.env.DATABASE_URL!;
  await disconnectDb();
  process.env.DATABASE_URL = proxy.url(directUrl);
});

afterAll(async () => {
  await proxy?.restore();
  await disconnectDb();
  process.env.DATABASE_URL = directUrl;
  await proxy?.stop();
});

describe("PostgreSQL restarted", () => {
  it("answers a translated 503 while the database is away, and recovers without a restart", async () => {
    const pages = ["/needs", `/needs/${needId}`, "/offers", "/settings", "/engagements"];
    for (const path of pages) expect((await send(path, { cookie })).status, path).toBe(200);
    expect((await send("/readyz")).status).toBe(200);
    expect(proxy.open).toBeGreaterThan(0);

    await proxy.cut();
    const log: string[] = [];
    for (const path of pages) {
      const started = Date.now();
      const res = await send(path, { cookie });
      log.push(`GET ${path} → ${res.status} in ${Date.now() - started} ms`);
      expect(res.status, path).toBe(503);
      // The user's language is unknown while the database is away: the Accept-Language header (none here: English).
      expect(res.body, path).toContain(EN);
      expect(res.body).not.toMatch(/ECONNREFUSED|Connection terminated|at .*\.js:\d+/);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect(Date.now() - started, `${path} must fail fast`).toBeLessThan(5_000);
    }
    const es = await send("/needs", { cookie, headers: { "Accept-Language": "es-MX,es;q=0.9" } });
    expect(es.status).toBe(503);
    expect(es.body).toContain(ES);
    expect(es.body).toContain('lang="es"');
    const fr = await send("/settings", { cookie: `${cookie}; lng=fr` });
    expect(fr.status).toBe(503);
    expect(fr.body).toContain(FR);
    // A form posted meanwhile is refused the same way, and nothing half-done is left behind.
    const post = await send("/settings?index", {
      cookie,
      form: { intent: "profile", name: "Changed during outage", locale: "es" },
    });
    log.push(`POST /settings → ${post.status}`);
    expect(post.status).toBe(503);
    expect(post.body).toContain(EN);
    // Liveness is unaffected; readiness says why it is not ready.
    expect((await send("/healthz")).status).toBe(200);
    const ready = await send("/readyz");
    expect(ready.status).toBe(503);
    const readyBody = JSON.parse(ready.body) as {
      status: string;
      checks: { database: { ok: boolean }; redis: { ok: boolean } };
    };
    expect(readyBody.status).toBe("not_ready");
    expect(readyBody.checks.database.ok).toBe(false);
    expect(readyBody.checks.redis.ok).toBe(true);
    for (const [path, form] of [
      ["/login", { email: "someone@example.org", password: "a long and private passphrase" }],
      ["/forgot-password", { email: "someone@example.org" }],
      [
        `/invitations/${"D".repeat(43)}`,
        {
          name: "X",
          password: "a long and private passphrase",
          confirmPassword: "a long and private passphrase",
        },
      ],
    ] as const) {
      const res = await send(path, { form: { ...form }, ip: "192.0.2.7" });
      log.push(`visitor POST ${path} → ${res.status}`);
      expect(res.status, path).toBe(503);
      expect(res.body).toContain(EN);
    }
    for (const path of ["/", `/reset-password/${"B".repeat(43)}`]) {
      const res = await send(path, { headers: { "Accept-Language": "fr" } });
      log.push(`visitor GET ${path} → ${res.status}`);
      expect(res.status, path).toBe(503);
      expect(res.body).toContain(FR);
    }
    // Visitors' pages that need no database keep serving.
    expect((await send("/login")).status).toBe(200);
    expect((await send("/healthz")).status).toBe(200);

    await proxy.restore();
    const started = Date.now();
    await waitFor(async () => (await send("/needs", { cookie })).status === 200, 15_000, 200);
    log.push(`recovered ${Date.now() - started} ms after the database came back`);
    for (const path of pages) expect((await send(path, { cookie })).status, path).toBe(200);
    expect((await send("/readyz")).status).toBe(200);
    const saved = await send("/settings?index", {
      cookie,
      form: { intent: "profile", name: "Changed after outage", locale: "es" },
    });
    expect(saved.status).toBe(302);
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).name).toBe("Changed after outage");
    console.info(`[postgres restart drill]\n  ${log.join("\n  ")}`);
  });
});
