// Serving a document: the one place that builds the response. An attachment (never shown inline) with
// a safe name, the type decided at upload, nosniff, a sandbox CSP (if a browser ever renders it, it runs
// nothing and reaches nothing) and no-store; an audit event is written before the bytes leave. The
// document's name and content never go to logs, job payloads or emails.
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { DOCUMENT_KINDS } from "./file-types";
import { readDocument } from "./store.server";

const EXTENSION_BY_MEDIA_TYPE = new Map(Object.values(DOCUMENT_KINDS).map((k) => [k.mediaType, k.extension]));

/**
 * A filename that is safe to offer: no path, no control, bidirectional or invisible characters (which
 * can disguise `report‮fdp.exe`), no characters Windows refuses, at most 120 characters, and ending
 * in the extension of the type the content really has.
 */
export function safeFilename(name: string, mediaType: string): string {
  const extension = EXTENSION_BY_MEDIA_TYPE.get(mediaType) ?? "bin";
  let base = name
    .normalize("NFC")
    .replace(/^.*[/\\]/, "")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, "");
  const dot = base.lastIndexOf(".");
  if (dot > 0 && base.slice(dot + 1).toLowerCase() === extension) base = base.slice(0, dot);
  else if (dot > 0 && extension === "jpg" && /^jpe?g$/i.test(base.slice(dot + 1))) base = base.slice(0, dot);
  base = Array.from(base).slice(0, 120).join("").trim() || "document";
  return `${base}.${extension}`;
}

/** RFC 6266: an ASCII fallback `filename` and the exact name in `filename*` (RFC 8187, UTF-8). */
export function contentDisposition(filename: string): string {
  const ascii =
    filename
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\%]/g, "_") || "document";
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Headers for any document download. */
export function downloadHeaders(filename: string, mediaType: string, size: number): Headers {
  const type = mediaType.startsWith("text/") ? `${mediaType}; charset=utf-8` : mediaType;
  return new Headers({
    "Content-Type": type,
    "Content-Length": String(size),
    "Content-Disposition": contentDisposition(safeFilename(filename, mediaType)),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
  });
}

export type DownloadViewer = { userId: string | null; organisationId?: string | null; ip?: string | null };

/**
 * The download response for a stored document of `scope`, for a viewer the caller has ALREADY
 * authorised for that scope (policy). Writes `document.downloaded` to the audit trail in the same
 * transaction that reads the document. Throws DocumentNotFoundError (answer 404) when there is no such
 * stored document in that scope, KeyDestroyedError when it was destroyed meanwhile.
 */
export async function documentDownload(input: {
  documentId: string;
  scope: string;
  viewer: DownloadViewer;
  /**
   * False only for a document anyone may read (a public resource of the learning exchange: policy.ts
   * resourceDocumentAccess); every other download is audited.
   */
  audited?: boolean;
}): Promise<Response> {
  // Read (and authenticate) first; the audit event is committed before any byte is returned.
  const opened = await readDocument(input.documentId, { scope: input.scope });
  if (input.audited !== false)
    await audit(db(), {
      actorId: input.viewer.userId,
      organisationId: input.viewer.organisationId ?? null,
      ip: input.viewer.ip ?? null,
      action: "document.downloaded",
      entityType: "Document",
      entityId: opened.document.id,
      metadata: { scope: input.scope, metadataKept: opened.document.metadataKept },
    });
  const { document, content } = opened;
  return new Response(content, {
    status: 200,
    headers: downloadHeaders(document.filename, document.mediaType, content.length),
  });
}
