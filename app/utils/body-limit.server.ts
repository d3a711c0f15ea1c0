// Request-size limits, applied by the HTTP server (server.ts) before anything reads a body: a form may
// carry 1 MiB; an upload route (the documents feature lists them) its largest file plus headroom for the
// other fields. A body that says it is larger (Content-Length) is refused with 413 before one byte of it
// is read; a chunked body is counted as it streams in and refused the moment it passes the limit, its
// bytes dropped instead of kept (issue 15: a 64 MB form to /login used to grow the process by 350 MB).
import type { IncomingMessage, ServerResponse } from "node:http";
import { getFixedT, getLocale } from "~/i18n/i18n.server";

const MiB = 1024 * 1024;
/** Any form, JSON or other body that is not an upload. */
export const FORM_LIMIT_BYTES = 1 * MiB;
/** Room for an upload's other fields and multipart framing, beyond its largest file. */
export const UPLOAD_HEADROOM_BYTES = 1 * MiB;

export type BodyLimitOptions = {
  /** UPLOAD_MAX_FILE_MB in bytes. */
  uploadFileBytes: number;
  /** Paths of the routes that accept an uploaded file (multipart/form-data). */
  uploadPaths: readonly RegExp[];
};

/** The most a request to `path` with this content type may send, in bytes. */
export function bodyLimit(path: string, contentType: string | undefined, options: BodyLimitOptions) {
  const multipart = /^multipart\/form-data\b/i.test(contentType ?? "");
  if (multipart && options.uploadPaths.some((p) => p.test(path)))
    return options.uploadFileBytes + UPLOAD_HEADROOM_BYTES;
  return FORM_LIMIT_BYTES;
}

const mebibytes = (bytes: number) => `${Math.floor(bytes / MiB)} MB`;

async function refuse(req: IncomingMessage, res: ServerResponse, limit: number) {
  if (res.headersSent) return;
  let message = `Request too large (${mebibytes(limit)} at most).`;
  try {
    const headers = new Headers();
    for (const name of ["cookie", "accept-language"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers.set(name, value);
    }
    const t = await getFixedT(getLocale(new Request("http://localhost/", { headers })));
    message = t("common:errors.tooLarge", { limit: mebibytes(limit) });
  } catch {
    // The English line above.
  }
  if (res.headersSent) return;
  res.statusCode = 413;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Cache-Control", "private, no-store");
  // The rest of the body is never read into memory: Node discards it and the connection closes.
  res.setHeader("Connection", "close");
  lingerOnClose(req);
  res.end(message);
}

/** How long a refused connection is kept reading (and discarding) after its answer, at most. */
const LINGER_MS = 2_000;

/**
 * Node closes a `Connection: close` socket as soon as the answer is written. With bytes of the refused
 * body still unread, the kernel then resets the connection, and a client still sending (and slow to
 * read, as on a loaded machine) loses the 413 that had already reached it: it sees only EPIPE or
 * ECONNRESET. So close like a careful web server does ("lingering close"): send the answer and a FIN,
 * keep reading and dropping what the client still sends, and close when it stops or after LINGER_MS.
 */
function lingerOnClose(req: IncomingMessage) {
  const socket = req.socket as IncomingMessage["socket"] & { destroySoon?: () => void };
  socket.destroySoon = function (this: typeof socket) {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once("close", () => clearTimeout(timer));
    // The client read the answer and closed its side: nothing more to wait for.
    this.once("end", () => this.destroy());
    this.resume();
  };
}

/** Connect/Express middleware: refuses oversize bodies with 413 before they are read. */
export function limitRequestBodies(options: BodyLimitOptions) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const limit = bodyLimit(path, req.headers["content-type"], options);
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > limit) {
      void refuse(req, res, limit);
      return;
    }
    if (declared === undefined && req.headers["transfer-encoding"]) {
      // Chunked: count what the HTTP parser hands over. Past the limit, the body is cut off with an
      // error (so a reader never sees a truncated form as a whole one), the rest is dropped, and the
      // client gets the 413 if nothing has answered yet.
      let seen = 0;
      let refused = false;
      const push = req.push.bind(req);
      req.push = (chunk: unknown, encoding?: BufferEncoding) => {
        if (refused) return true; // drop; keep the socket reading so it can close after the answer
        if (chunk !== null && chunk !== undefined) {
          seen += (chunk as Buffer).length;
          if (seen > limit) {
            refused = true;
            (res as ServerResponse & { bodyRefused?: boolean }).bodyRefused = true;
            void refuse(req, res, limit);
            req.emit("error", Object.assign(new Error("request body too large"), { status: 413 }));
            return true;
          }
        }
        return push(chunk, encoding);
      };
    }
    next();
  };
}
