// React Router's responses (pages, data requests for client-side navigation, resource routes) are
// small and complete when they are sent: each is held until its end, gzipped in one call and sent with
// its length. The `compression` middleware's gzip stream sent them chunked, at a quarter of a page's
// CPU (docs/decisions/0006); it still compresses the static files.
import { gzipSync } from "node:zlib";
import type { NextFunction, Request, Response } from "express";
import { acceptsGzip } from "./http.server";

/** Below this a response goes as it is (gzip's header and trailer would outweigh the saving). */
const MIN_BYTES = 1024;
const compressible = /^(text\/|application\/(json|javascript|xml|problem\+json))/i;

type Callback = (error?: Error | null) => void;

function toBuffer(chunk: unknown, encoding?: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
}

export function compressWhole(req: Request, res: Response, next: NextFunction) {
  const chunks: Buffer[] = [];
  const write = res.write;
  const end = res.end;
  res.write = function (chunk: unknown, encoding?: unknown, callback?: unknown) {
    chunks.push(toBuffer(chunk, encoding));
    const done = (typeof encoding === "function" ? encoding : callback) as Callback | undefined;
    if (done) process.nextTick(done);
    return true;
  } as Response["write"];
  res.end = function (chunk?: unknown, encoding?: unknown, callback?: unknown) {
    res.write = write;
    res.end = end;
    if (typeof chunk === "function") {
      callback = chunk;
      chunk = undefined;
    } else if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    if (chunk !== undefined && chunk !== null) chunks.push(toBuffer(chunk, encoding));
    let body = Buffer.concat(chunks);
    if (!res.headersSent) {
      const type = String(res.getHeader("Content-Type") ?? "");
      if (
        body.length >= MIN_BYTES &&
        compressible.test(type) &&
        !res.getHeader("Content-Encoding") &&
        acceptsGzip(req.get("accept-encoding") ?? null)
      ) {
        // Level 3: a 48 kB board page in half of level 5's time for 7% more bytes (10.0 against 9.4 kB),
        // measured on the page itself (issue 18); level 5 was within 1% of level 6's size.
        body = gzipSync(body, { level: 3 });
        res.setHeader("Content-Encoding", "gzip");
      }
      res.vary("Accept-Encoding");
      if (res.statusCode !== 204 && res.statusCode !== 304) res.setHeader("Content-Length", body.length);
    }
    return (end as (chunk: Buffer, done?: Callback) => Response).call(
      res,
      body,
      callback as Callback | undefined,
    );
  } as Response["end"];
  next();
}
