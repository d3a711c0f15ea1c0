// Route-level tests run the production build in-process: the same middleware (CSRF), loaders, actions
// and rendering as the real server, without a network socket. The test script builds before tests.
import { createRequestHandler, type ServerBuild } from "react-router";
import { createLoadContext } from "~/utils/request-context.server";

export const ORIGIN = "http://localhost:3000";

type Handler = (request: Request, context: ReturnType<typeof createLoadContext>) => Promise<Response>;
let handler: Handler | undefined;

async function getHandler(): Promise<Handler> {
  if (!handler) {
    const buildPath = new URL("../../build/server/index.js", import.meta.url).href;
    const build = (await import(/* @vite-ignore */ buildPath)) as ServerBuild;
    handler = createRequestHandler(build, "production") as unknown as Handler;
  }
  return handler;
}

export type Sent = {
  status: number;
  headers: Headers;
  body: string;
  bytes: Buffer;
  location: string | null;
  response: Response;
};

export async function send(
  path: string,
  init: {
    method?: string;
    cookie?: string;
    form?: Record<string, string | string[]> | URLSearchParams;
    headers?: Record<string, string>;
    ip?: string;
    body?: BodyInit;
    origin?: string | null;
  } = {},
): Promise<Sent> {
  const method = init.method ?? (init.form || init.body ? "POST" : "GET");
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  let body: BodyInit | undefined = init.body;
  if (init.form) {
    const params = init.form instanceof URLSearchParams ? init.form : new URLSearchParams();
    if (!(init.form instanceof URLSearchParams)) {
      for (const [k, v] of Object.entries(init.form))
        for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    }
    body = params;
  }
  if (method !== "GET" && method !== "HEAD" && init.origin !== null && !headers.has("Origin"))
    headers.set("Origin", init.origin ?? ORIGIN);
  const request = new Request(`${ORIGIN}${path}`, { method, headers, body });
  const response = await (
    await getHandler()
  )(request, createLoadContext({ ip: init.ip ?? "127.0.0.1", nonce: "test-nonce" }));
  const bytes = method === "HEAD" ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer());
  const text = bytes.toString("utf8");
  return {
    status: response.status,
    headers: response.headers,
    body: text,
    /** The body as bytes (downloads). */
    bytes,
    location: response.headers.get("location"),
    response,
  };
}

/** The `name=value` pairs of every Set-Cookie header, joined for a Cookie header. */
export function cookiesFrom(res: Sent, existing = ""): string {
  const jar = new Map<string, string>();
  for (const part of existing.split(/;\s*/).filter(Boolean)) {
    const [k, ...v] = part.split("=");
    jar.set(k, v.join("="));
  }
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const [k, ...v] = pair.split("=");
    const value = v.join("=");
    if (/Max-Age=0/i.test(c) || value === "") jar.delete(k);
    else jar.set(k, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}
