// One session lookup per page read: React Router gives the root loader and the page's loader their own copies
// of the Request, and the per-Request cache alone looked the session up for each. Inside the root middleware's
// scope, a GET's copies share one lookup; a POST (an action may change the session) never does.
import { describe, expect, it } from "vitest";
import { getViewer, viewerScopeMiddleware } from "~/features/auth/services/session.server";
import { createUser } from "../support/factories";
import { createTestSession } from "../support/sessions";

type MiddlewareArgs = Parameters<typeof viewerScopeMiddleware>[0];

/** What React Router does for each loader: a new Request with the same URL and headers. */
const copy = (request: Request) =>
  new Request(request.url, { method: request.method, headers: request.headers, signal: request.signal });

async function inScope<T>(request: Request, body: () => Promise<T>): Promise<T> {
  let out: T | undefined;
  await viewerScopeMiddleware({ request } as MiddlewareArgs, async () => {
    out = await body();
    return new Response(null);
  });
  return out as T;
}

describe("viewer scope", () => {
  it("a GET's request copies share one session lookup", async () => {
    const user = await createUser();
    const s = await createTestSession(user.id);
    const request = new Request("http://localhost:3000/needs", { headers: { cookie: s.cookie } });
    const [a, b] = await inScope(request, async () => [getViewer(copy(request)), getViewer(copy(request))]);
    expect(a).toBe(b);
    expect((await a)?.user.id).toBe(user.id);
  });

  it("a POST's copies each look the session up (an action may have changed it)", async () => {
    const user = await createUser();
    const s = await createTestSession(user.id);
    const request = new Request("http://localhost:3000/settings", {
      method: "POST",
      headers: { cookie: s.cookie },
    });
    const [a, b] = await inScope(request, async () => [getViewer(copy(request)), getViewer(copy(request))]);
    expect(a).not.toBe(b);
    expect((await a)?.user.id).toBe(user.id);
    expect((await b)?.user.id).toBe(user.id);
  });

  it("a copy carrying another session is looked up on its own", async () => {
    const [u1, u2] = [await createUser(), await createUser()];
    const [s1, s2] = [await createTestSession(u1.id), await createTestSession(u2.id)];
    const request = new Request("http://localhost:3000/needs", { headers: { cookie: s1.cookie } });
    const other = new Request("http://localhost:3000/needs", { headers: { cookie: s2.cookie } });
    const [a, b] = await inScope(request, async () => [getViewer(copy(request)), getViewer(other)]);
    expect((await a)?.user.id).toBe(u1.id);
    expect((await b)?.user.id).toBe(u2.id);
  });
});
