// Issue 15, "no request-size limit": a 64 MB form posted to /login signed out used to be parsed whole
// (the web process grew by 350 MB). Through the compiled production server: the body is refused with 413
// before it is read, declared (Content-Length) or chunked, and the process's memory barely moves.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebServer } from "../support/processes";

let server: ChildProcess;
let port: number;
beforeAll(async () => {
  ({ child: server, port } = await startWebServer({
    SESSION_SECRET: "request-size-test-secret-0123456789abcdefgh",
    DEV_MAILBOX: "",
    METRICS_PORT: "",
  }));
}, 120_000);
afterAll(() => {
  server?.kill("SIGKILL");
});

/** Resident memory of the web process, in MiB. */
const rssMiB = () =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))![1]) / 1024;

const MiB = 1024 * 1024;

/** Bytes the web process has read from files and sockets so far (/proc/<pid>/io, rchar). */
const bytesRead = () => Number(/rchar:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/io`, "utf8"))![1]);

/**
 * Posts `bytes` of form. A slow reader stops reading for a moment once the server stops taking the body
 * (as a client on a loaded machine does): the 413 must still reach it, not a reset connection.
 */
function post(path: string, bytes: number, chunked: boolean, slowReader = false) {
  return new Promise<{ status: number | null; body: string }>((resolve) => {
    let settled = false;
    const done = (value: { status: number | null; body: string }) => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: `http://127.0.0.1:${port}`,
          ...(chunked ? {} : { "content-length": String(bytes) }),
        },
      },
      (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => done({ status: res.statusCode!, body }));
        res.on("error", () => done({ status: res.statusCode!, body }));
      },
    );
    // The server closes the connection after its 413: the rest of the body cannot be written.
    req.on("error", () => setTimeout(() => done({ status: null, body: "" }), 200));
    const chunk = Buffer.from("email=a%40b.org&password=" + "x".repeat(64 * 1024 - 25));
    let sent = 0;
    let stalled = false;
    const write = () => {
      while (sent < bytes && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          if (slowReader && !stalled) {
            stalled = true;
            const until = Date.now() + 300;
            while (Date.now() < until); // busy: nothing is read meanwhile
          }
          return req.once("drain", write);
        }
      }
      req.end();
    };
    write();
  });
}

describe("request-size limit", () => {
  it("refuses a 64 MB form to /login with 413 before reading it, declared or chunked", async () => {
    // Warm up (first requests load code and fill caches), then measure.
    for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${port}/login`)).text();
    const small = await post("/login", 64 * 1024, false);
    expect(small.status).toBe(400); // a normal form is read (and its bad credentials refused)
    await new Promise((r) => setTimeout(r, 500));
    const before = rssMiB();
    const readBefore = bytesRead();
    const declared = await post("/login", 64 * MiB, false);
    expect(declared.status).toBe(413);
    expect(declared.body).toContain("too large");
    const chunked = await post("/login", 64 * MiB, true);
    expect(chunked.status).toBe(413);
    const read = bytesRead() - readBefore;
    const after = rssMiB();
    // 128 MB sent; the server reads a chunked body up to its 1 MB limit, and little else.
    expect(read, `${(read / MiB).toFixed(1)} MiB read by the server`).toBeLessThan(8 * MiB);
    expect(after - before, `RSS ${before.toFixed(1)} → ${after.toFixed(1)} MiB`).toBeLessThan(8);
    // A client slow to read gets its 413 too (a socket closed at once with unread bytes is reset, and
    // the answer lost: the failure seen once in CI).
    for (const chunkedBody of [false, true]) {
      const slow = await post("/login", 64 * MiB, chunkedBody, true);
      expect(slow.status, chunkedBody ? "chunked" : "declared").toBe(413);
    }
    // The server still answers.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 60_000);
});
