// The documents panel's server half, shared by every page that lists documents of one scope (a need, an
// engagement): the loader's view (stored documents, the uploader's report after an upload, a held
// upload waiting for its uploader's decision, the evidence warning before a download) and the action
// (upload, decide about a held upload, delete). Callers authorise BEFORE calling (policy.ts); every
// outcome is a redirect back to the page (post/redirect/get), except refusals: 4xx with the message.
import { data, redirect } from "react-router";
import { readForm, isId } from "~/utils/forms.server";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { revealsOf, type RevealCategory } from "./metadata.server";
import {
  discardHeld,
  keepHeldAsEvidence,
  receiveDocument,
  removeMetadataFromHeld,
  stripFailureMessageKey,
  type UploadResult,
} from "./pipeline.server";
import {
  deleteDocument,
  describeDocument,
  DocumentNotFoundError,
  listDocuments,
  type DocumentSummary,
  type MetadataReport,
} from "./store.server";

type ListedDocument = {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  metadataKept: boolean;
  createdAt: Date;
  mayDelete: boolean;
};

/** What the uploader is told about a file's metadata (grouped in plain words, with the raw fields). */
export type ReportView = {
  documentId: string;
  filename: string;
  metadataKept: boolean;
  removed: { category: RevealCategory; fields: { name: string; value: string }[] }[];
  remaining: { category: RevealCategory; fields: { name: string; value: string }[] }[];
  /** What a held file reveals (null: it could not be read). */
  found: { category: RevealCategory; fields: { name: string; value: string }[] }[] | null;
  notes: MetadataReport["notes"];
};

type HeldView = ReportView & { stripFailedKey: string | null };

export type PanelView = {
  documents: ListedDocument[];
  report: ReportView | null;
  held: HeldView | null;
  /** A document with its metadata kept, about to be downloaded: the warning is repeated first. */
  confirmDownload: (ListedDocument & { reveals: RevealCategory[] }) | null;
};

const groups = (fields: readonly { part?: string; name: string; value: string }[] | null) =>
  fields === null
    ? null
    : revealsOf(fields).map((g) => ({
        category: g.category,
        fields: g.fields.map((f) => ({ name: f.name, value: f.value.slice(0, 200) })),
      }));

function reportView(document: DocumentSummary, report: MetadataReport): ReportView {
  return {
    documentId: document.id,
    filename: document.filename,
    metadataKept: document.metadataKept,
    removed: groups(report.removed) ?? [],
    remaining: groups(report.remaining) ?? [],
    found: groups(report.found),
    notes: report.notes,
  };
}

/** The panel's data for a loader. `mayDelete` says who may delete which document (policy). */
export async function documentsPanel(
  url: URL,
  options: { scope: string; viewerId: string; mayDelete: (d: DocumentSummary) => boolean },
): Promise<PanelView> {
  const stored = await listDocuments(options.scope);
  const documents = stored.map((d) => ({
    id: d.id,
    filename: d.filename,
    mediaType: d.mediaType,
    size: d.size,
    metadataKept: d.metadataKept,
    createdAt: d.createdAt,
    mayDelete: options.mayDelete(d),
  }));
  let report: ReportView | null = null;
  const reportId = url.searchParams.get("report");
  if (isId(reportId)) {
    // Only the uploader is shown what was removed from their file.
    const own = stored.find((d) => d.id === reportId && d.createdById === options.viewerId);
    if (own) report = reportView(own, (await describeDocument(own.id, { scope: options.scope })).report);
  }
  let held: HeldView | null = null;
  const heldId = url.searchParams.get("held");
  if (isId(heldId)) {
    try {
      const h = await describeDocument(heldId, { scope: options.scope, state: "held" });
      if (
        h.document.createdById === options.viewerId &&
        h.document.heldUntil &&
        h.document.heldUntil > new Date()
      ) {
        const failure = url.searchParams.get("failure");
        held = {
          ...reportView(h.document, h.report),
          stripFailedKey:
            failure === "missing" ||
            failure === "failed" ||
            failure === "unsupported" ||
            failure === "no-scratch"
              ? stripFailureMessageKey(failure)
              : null,
        };
      }
    } catch (error) {
      if (!(error instanceof DocumentNotFoundError)) throw error;
    }
  }
  let confirmDownload: PanelView["confirmDownload"] = null;
  const downloadId = url.searchParams.get("download");
  const listed = documents.find((d) => d.id === downloadId && d.metadataKept);
  if (listed) {
    const { report: r } = await describeDocument(listed.id, { scope: options.scope });
    confirmDownload = { ...listed, reveals: revealsOf(r.remaining).map((g) => g.category) };
  }
  return { documents, report, held, confirmDownload };
}

type PanelActionData = {
  documentsError?: { messageKey: string; values: Record<string, string | number> };
};

/** The redirect after an upload, for the page at `pagePath` (the uploader then sees what happened). */
export function uploadOutcomeRedirect(
  pagePath: string,
  result: Exclude<UploadResult, { status: "refused" }>,
) {
  const sep = pagePath.includes("?") ? "&" : "?";
  if (result.status === "stored") return redirect(`${pagePath}${sep}report=${result.document.id}#documents`);
  if (result.status === "confirm-keep") return redirect(`${pagePath}${sep}held=${result.held.id}#documents`);
  return redirect(`${pagePath}${sep}held=${result.held.id}&failure=${result.failure}#documents`);
}

function refusedUpload(result: Extract<UploadResult, { status: "refused" }>) {
  const status = result.refusal.code === "too-large" || result.refusal.code === "scope-full" ? 413 : 422;
  return data<PanelActionData>(
    { documentsError: { messageKey: result.refusal.messageKey, values: result.refusal.values } },
    { status },
  );
}

export function isMultipart(request: Request) {
  return (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/**
 * The documents panel's action. `canAdd`: the viewer may upload to this scope (checked before the body
 * is read); `mayDelete`: the viewer may delete that document.
 */
export async function documentsAction(
  request: Request,
  options: {
    scope: string;
    actor: { userId: string; organisationId: string | null; ip: string | null };
    pagePath: string;
    canAdd: boolean;
    mayDelete: (d: DocumentSummary) => boolean;
    /** Called after a document becomes stored (e.g. to touch the engagement). */
    onStored?: (d: DocumentSummary) => Promise<void>;
    /** A held upload was replaced by a cleaned document (its new id) or cancelled (null). */
    onHeldResolved?: (heldId: string, documentId: string | null) => Promise<void>;
  },
) {
  const { scope, actor, pagePath } = options;
  if (isMultipart(request)) {
    if (!options.canAdd) throw httpError(403, "common:errors.forbidden");
    const result = await receiveDocument(request, { scope, actorId: actor.userId });
    if (result.status === "refused") return refusedUpload(result);
    if (result.status === "stored") {
      await auditDocument("document.uploaded", result.document, actor);
      await options.onStored?.(result.document);
    }
    return uploadOutcomeRedirect(pagePath, result);
  }
  const form = await readForm(request);
  const intent = form.get("intent");
  const id = form.get("documentId");
  if (!isId(id)) throw httpError(400, "common:errors.badRequest");
  try {
    switch (intent) {
      case "keep-evidence": {
        const kept = await db().$transaction((tx) => keepHeldAsEvidence(tx, id, actor.userId));
        if (kept.scope !== scope) throw new DocumentNotFoundError();
        await auditDocument("document.uploaded", kept, actor);
        await options.onStored?.(kept);
        return redirect(`${pagePath}${pagePath.includes("?") ? "&" : "?"}report=${kept.id}#documents`);
      }
      case "remove-metadata": {
        const held = await describeDocument(id, { scope, state: "held" });
        if (held.document.createdById !== actor.userId) throw new DocumentNotFoundError();
        const result = await removeMetadataFromHeld(id, actor.userId);
        if (result.status === "refused") return refusedUpload(result);
        if (result.status === "stored") {
          await auditDocument("document.uploaded", result.document, actor);
          await options.onHeldResolved?.(id, result.document.id);
          await options.onStored?.(result.document);
        }
        return uploadOutcomeRedirect(pagePath, result);
      }
      case "discard": {
        // Only the uploader decides about a held upload (anyone else: as if it did not exist).
        const held = await describeDocument(id, { scope, state: "held" });
        if (
          held.document.createdById !== actor.userId ||
          !(await db().$transaction((tx) => discardHeld(tx, id, actor.userId)))
        )
          throw new DocumentNotFoundError();
        await options.onHeldResolved?.(id, null);
        return redirect(`${pagePath}${pagePath.includes("?") ? "&" : "?"}done=upload_cancelled#documents`);
      }
      case "delete": {
        const { document } = await describeDocument(id, { scope });
        if (!options.mayDelete(document)) throw httpError(403, "common:errors.forbidden");
        await db().$transaction((tx) => deleteDocument(tx, id, { scope }));
        await auditDocument("document.deleted", document, actor);
        return redirect(`${pagePath}${pagePath.includes("?") ? "&" : "?"}done=document_deleted#documents`);
      }
      default:
        throw httpError(400, "common:errors.badRequest");
    }
  } catch (error) {
    if (error instanceof DocumentNotFoundError) throw httpError(404, "common:errors.notFound");
    throw error;
  }
}

async function auditDocument(
  action: string,
  document: DocumentSummary,
  actor: { userId: string; organisationId: string | null; ip: string | null },
) {
  // Ids, scope and flags only: a document's name and content never reach the audit trail.
  await audit(db(), {
    actorId: actor.userId,
    organisationId: actor.organisationId,
    ip: actor.ip,
    action,
    entityType: "Document",
    entityId: document.id,
    metadata: { scope: document.scope, metadataKept: document.metadataKept, size: document.size },
  });
}
