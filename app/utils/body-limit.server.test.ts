import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimit, FORM_LIMIT_BYTES, limitRequestBodies, UPLOAD_HEADROOM_BYTES } from "./body-limit.server";

const MiB = 1024 * 1024;
const options = { uploadFileBytes: 4 * MiB, uploadPaths: [/^\/needs\/[^/]+\/documents$/] };

describe("bodyLimit", () => {
  it("gives forms 1 MiB and upload routes their file limit plus headroom", () => {
    expect(bodyLimit("/login", "application/x-www-form-urlencoded", options)).toBe(FORM_LIMIT_BYTES);
    expect(bodyLimit("/login", "multipart/form-data; boundary=x", options)).toBe(FORM_LIMIT_BYTES);
    expect(bodyLimit("/needs/n1/documents", "application/x-www-form-urlencoded", options)).toBe(
      FORM_LIMIT_BYTES,
    );
    expect(bodyLimit("/needs/n1/documents", "multipart/form-data; boundary=x", options)).toBe(
      4 * MiB + UPLOAD_HEADROOM_BYTES,
    );
    expect(bodyLimit("/needs/n1/documents/x", "multipart/form-data; boundary=x", options)).toBe(
      FORM_LIMIT_BYTES,
    );
  });
});

describe("limitRequestBodies", () => {
  let server: Server;
  let port: number;
  let bodiesRead: number[] = [];
  beforeAll(async () => {
    const limit = limitRequestBodies(options);
    server = createServer((req, res) =>
      limit(req, res, () => {
        // What React Router does: read the whole body, then answer.
        let n = 0;
        req.on("data", (c: Buffer) => (n += c.length));
        req.on("error", () => {});
        req.on("end", () => {
          bodiesRead.push(n);
          res.end(`read ${n}`);
        });
      }),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  function post(path: string, bytes: number, contentType: string, chunked = false) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "POST",
          headers: {
            "content-type": contentType,
            "accept-language": "es",
            ...(chunked ? {} : { "content-length": String(bytes) }),
          },
        },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode!, body }));
          res.on("error", reject);
        },
      );
      req.on("error", () => {}); // the server may close while we still write
      const chunk = Buffer.alloc(64 * 1024, 97);
      let sent = 0;
      const write = () => {
        while (sent < bytes) {
          const n = Math.min(chunk.length, bytes - sent);
          sent += n;
          if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return req.once("drain", write);
        }
        req.end();
      };
      write();
    });
  }

  it("answers 413 in the reader's language before reading a body that declares itself too large", async () => {
    bodiesRead = [];
    const res = await post("/login", 2 * MiB, "application/x-www-form-urlencoded");
    expect(res.status).toBe(413);
    expect(res.body).toContain("demasiado grande");
    expect(bodiesRead).toEqual([]);
  });

  it("cuts off a chunked body the moment it passes the limit", async () => {
    bodiesRead = [];
    const res = await post("/login", 3 * MiB, "application/x-www-form-urlencoded", true);
    expect(res.status).toBe(413);
    expect(bodiesRead).toEqual([]); // the reader saw an error, never a (truncated) whole body
  });

  it("lets bodies within their route kind's limit through", async () => {
    expect((await post("/login", 512 * 1024, "application/x-www-form-urlencoded")).body).toBe(
      `read ${512 * 1024}`,
    );
    expect((await post("/login", 600 * 1024, "text/plain", true)).body).toBe(`read ${600 * 1024}`);
    // An upload route takes a file up to its limit; the same body to any other route is refused.
    const upload = 3 * MiB;
    expect((await post("/needs/n1/documents", upload, "multipart/form-data; boundary=x")).body).toBe(
      `read ${upload}`,
    );
    expect((await post("/needs/n1/documents", upload, "multipart/form-data; boundary=x", true)).body).toBe(
      `read ${upload}`,
    );
    expect((await post("/needs/n1", upload, "multipart/form-data; boundary=x")).status).toBe(413);
    expect((await post("/needs/n1/documents", 6 * MiB, "multipart/form-data; boundary=x")).status).toBe(413);
  });
});
