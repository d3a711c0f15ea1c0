// server.ts sends React Router's responses whole: gzipped in one call when the client accepts it and
// they are worth it, always with a Content-Length (never chunked), through the real production server.
import type { ChildProcess } from "node:child_process";
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetwork } from "../support/factories";
import { startWebServer } from "../support/processes";
import { createTestSession } from "../support/sessions";

let server: ChildProcess;
let port: number;
beforeAll(async () => {
  ({ child: server, port } = await startWebServer({
    SESSION_SECRET: "compression-test-secret-0123456789abcdefgh",
  }));
}, 120_000);
afterAll(() => {
  server?.kill("SIGKILL");
});

function get(path: string, headers: Record<string, string>) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("response compression", () => {
  it("gzips pages and data requests whole, with their length, only for clients that accept it", async () => {
    const n = await createNetwork();
    const { cookie } = await createTestSession(n.expertUser.id);
    for (const path of ["/needs", "/needs.data"]) {
      const gz = await get(path, { cookie, "accept-encoding": "gzip, br" });
      expect(gz.status, path).toBe(200);
      expect(gz.headers["content-encoding"], path).toBe("gzip");
      expect(gz.headers["transfer-encoding"], path).toBeUndefined();
      expect(Number(gz.headers["content-length"]), path).toBe(gz.body.length);
      expect(gz.headers.vary, path).toContain("Accept-Encoding");
      const text = gunzipSync(gz.body).toString("utf8");
      expect(text, path).toContain(path === "/needs" ? "<!DOCTYPE html>" : "features/needs/routes/board");

      const plain = await get(path, { cookie, "accept-encoding": "gzip;q=0, identity" });
      expect(plain.headers["content-encoding"], path).toBeUndefined();
      expect(Number(plain.headers["content-length"]), path).toBe(plain.body.length);
      expect(plain.body.length, path).toBeGreaterThan(gz.body.length);
    }
    // Too small to be worth it: sent as it is, still with its length.
    const health = await get("/healthz", { "accept-encoding": "gzip" });
    expect(health.headers["content-encoding"]).toBeUndefined();
    expect(health.headers["content-length"]).toBe(String(health.body.length));
    // A redirect has no body.
    const redirect = await get("/needs", { "accept-encoding": "gzip" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers["content-length"]).toBe("0");
  });
});
