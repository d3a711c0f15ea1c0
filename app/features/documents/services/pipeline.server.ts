// The upload pipeline: read the form while it streams (size limits), decide the type by content, list
// the metadata, remove it with mat2 (or keep it as evidence, after the uploader has seen what it
// reveals), encrypt, store. Plaintext lives in memory and in a private tmpfs directory that is removed
// whatever happens. Nothing is stored silently: a file that cannot be cleaned is only held, encrypted,
// until its uploader decides (keep as evidence, or cancel), and destroyed if they do not.
import { writeFile, readFile } from "node:fs/promises";
import path from "node:path";
import { env } from "~/utils/env.server";
import { db, type Tx } from "~/utils/db.server";
import { detectDocumentKind, type KindInfo, type TypeRefusal } from "./file-types";
import { readUploadForm, type MultipartRefusal } from "./multipart.server";
import { removeMetadata, showMetadata, type Mat2Failure, type MetadataField } from "./metadata.server";
import { ScratchUnavailableError, withScratch } from "./scratch.server";
import {
  deleteDocument,
  DocumentNotFoundError,
  putDocument,
  readDocument,
  releaseHeld,
  scopeUsage,
  ScopeLimitError,
  type DocumentSummary,
  type MetadataReport,
} from "./store.server";

const MiB = 1024 * 1024;

type UploadLimits = { fileBytes: number; scopeBytes: number };
export type PipelineConfig = { limits: UploadLimits; scratchBase: string; mat2Bin: string };

/** Limits and tools from the environment (UPLOAD_MAX_FILE_MB, UPLOAD_MAX_NEED_MB, UPLOAD_SCRATCH_DIR, MAT2_BIN). */
function pipelineConfig(): PipelineConfig {
  const e = env();
  return {
    limits: { fileBytes: e.UPLOAD_MAX_FILE_MB * MiB, scopeBytes: e.UPLOAD_MAX_NEED_MB * MiB },
    scratchBase: e.UPLOAD_SCRATCH_DIR,
    mat2Bin: e.MAT2_BIN,
  };
}

type RefusalCode = MultipartRefusal | TypeRefusal | "scope-full";

/** A refusal: nothing was stored. `messageKey` is in the `documents` namespace, with its values. */
type Refusal = {
  code: RefusalCode;
  messageKey: string;
  values: Record<string, string | number>;
};

/** Why metadata could not be removed: mat2 is not installed, it failed on this file, or no tmpfs. */
export type StripFailure = Mat2Failure | "no-scratch";

export type UploadResult =
  /** Stored with its metadata removed (or plain text, which has none). */
  | { status: "stored"; document: DocumentSummary; report: MetadataReport; fields: FormData }
  /**
   * Held: the uploader asked to keep the metadata; show what `report.found` reveals (null: it could not
   * be read, say so) and ask them to confirm.
   */
  | { status: "confirm-keep"; held: DocumentSummary; report: MetadataReport; fields: FormData }
  /** Held: the metadata could not be removed; offer "keep as evidence" or cancel. */
  | {
      status: "strip-failed";
      held: DocumentSummary;
      failure: StripFailure;
      report: MetadataReport;
      fields: FormData;
    }
  | { status: "refused"; refusal: Refusal; fields?: FormData };

export type ReceiveOptions = {
  /** What the document belongs to, e.g. `need:<id>`: authorised by the caller before calling. */
  scope: string;
  /** The uploader (only they can decide about a held upload). */
  actorId: string | null;
  /** The form's file input (`file`) and the choice field (`metadata`: `remove` or `keep`). */
  fileField?: string;
  choiceField?: string;
  config?: PipelineConfig;
};

const mb = (bytes: number) => Math.max(0, Math.floor((bytes / MiB) * 10) / 10);

function refusal(code: RefusalCode, limits: UploadLimits, remaining: number): Refusal {
  switch (code) {
    case "too-large":
      return remaining < limits.fileBytes
        ? {
            code: "scope-full",
            messageKey: "documents:refusals.scopeFull",
            values: { remaining: mb(remaining) },
          }
        : { code, messageKey: "documents:refusals.tooLarge", values: { limit: mb(limits.fileBytes) } };
    case "scope-full":
      return { code, messageKey: "documents:refusals.scopeFull", values: { remaining: mb(remaining) } };
    case "not-multipart":
    case "malformed":
      return { code, messageKey: "documents:refusals.malformed", values: {} };
    case "no-file":
      return { code, messageKey: "documents:refusals.noFile", values: {} };
    case "too-many-files":
      return { code, messageKey: "documents:refusals.tooManyFiles", values: {} };
    case "empty":
      return { code, messageKey: "documents:refusals.empty", values: {} };
    case "type":
      return { code, messageKey: "documents:refusals.type", values: {} };
    case "damaged":
      return { code, messageKey: "documents:refusals.damaged", values: {} };
    case "polyglot":
      return { code, messageKey: "documents:refusals.polyglot", values: {} };
  }
}

/** Removes what mat2 found before and no longer finds after. */
function difference(before: MetadataField[], after: MetadataField[]) {
  const key = (f: MetadataField) => `${f.part ?? ""}\u0000${f.name}\u0000${f.value}`;
  const remaining = new Set(after.map(key));
  return before.filter((f) => !remaining.has(key(f)));
}

function wipe(...buffers: (Buffer | undefined)[]) {
  for (const b of buffers) b?.fill(0);
}

type Cleaned =
  | { ok: true; bytes: Buffer; report: MetadataReport }
  | { ok: false; failure: StripFailure; found: MetadataField[] | null };

/** Lists the metadata, then (unless only listing) removes it and checks the result. */
async function inspectAndClean(
  bytes: Buffer,
  info: KindInfo,
  config: PipelineConfig,
  clean: boolean,
): Promise<Cleaned> {
  try {
    return await withScratch(config.scratchBase, async (dir) => {
      const file = path.join(dir, `upload.${info.extension}`);
      await writeFile(file, bytes, { mode: 0o600 });
      const mat2 = { bin: config.mat2Bin, scratchDir: dir };
      const before = await showMetadata(file, mat2);
      if (!before.ok) return { ok: false, failure: before.failure, found: null };
      if (!clean)
        return {
          ok: true,
          bytes,
          report: { found: before.fields, removed: [], remaining: before.fields, notes: [] },
        };
      const cleaned = await removeMetadata(file, mat2);
      if (!cleaned.ok) return { ok: false, failure: cleaned.failure, found: before.fields };
      const output = await readFile(cleaned.cleanedPath);
      // The cleaned file must still be what it was, whole: mat2 writes new files, check them again.
      const again = await detectDocumentKind(output, `upload.${info.extension}`);
      if (!again.ok || again.info.kind !== info.kind) {
        wipe(output);
        return { ok: false, failure: "failed", found: before.fields };
      }
      const after = await showMetadata(cleaned.cleanedPath, mat2);
      if (!after.ok) {
        wipe(output);
        return { ok: false, failure: after.failure, found: before.fields };
      }
      return {
        ok: true,
        bytes: output,
        report: {
          found: before.fields,
          removed: difference(before.fields, after.fields),
          remaining: after.fields,
          notes: info.kind === "pdf" ? ["pdf-pages-as-images"] : [],
        },
      };
    });
  } catch (error) {
    if (error instanceof ScratchUnavailableError) return { ok: false, failure: "no-scratch", found: null };
    throw error;
  }
}

/**
 * Receives one uploaded document from a multipart request. Call it from an action AFTER authorising
 * the user for `scope`: it reads the body. Other form fields come back in `fields`.
 */
export async function receiveDocument(request: Request, options: ReceiveOptions): Promise<UploadResult> {
  const config = options.config ?? pipelineConfig();
  const { limits } = config;
  const remaining = Math.max(0, limits.scopeBytes - (await scopeUsage(db(), options.scope)));
  if (remaining === 0) return { status: "refused", refusal: refusal("scope-full", limits, remaining) };

  const form = await readUploadForm(request, {
    maxBytes: Math.min(limits.fileBytes, remaining),
    fileField: options.fileField,
  });
  if (!form.ok)
    return { status: "refused", refusal: refusal(form.refusal, limits, remaining), fields: form.fields };
  const { file, fields } = form;
  try {
    const detection = await detectDocumentKind(file.bytes, file.name);
    if (!detection.ok)
      return { status: "refused", refusal: refusal(detection.refusal, limits, remaining), fields };
    const info = detection.info;
    const keep = fields.get(options.choiceField ?? "metadata") === "keep";
    const base = {
      scope: options.scope,
      createdById: options.actorId,
      filename: file.name,
      mediaType: info.mediaType,
      scopeLimitBytes: limits.scopeBytes,
    };

    if (!info.hasMetadata) {
      const report: MetadataReport = {
        found: [],
        removed: [],
        remaining: [],
        notes: ["text-has-no-metadata"],
      };
      const document = await putDocument({ ...base, content: file.bytes, metadataKept: false, report });
      return { status: "stored", document, report, fields };
    }

    const cleaned = await inspectAndClean(file.bytes, info, config, !keep);
    if (!cleaned.ok || keep) {
      // Held, encrypted, until the uploader decides; the original bytes, since keeping is one choice.
      // Asked to keep: confirm-keep (with what the file reveals, or null when mat2 could not say).
      // Asked to remove and that failed: strip-failed.
      const found = cleaned.ok ? cleaned.report.found : cleaned.found;
      const report: MetadataReport = { found, removed: [], remaining: found ?? [], notes: [] };
      const held = await putDocument({
        ...base,
        content: file.bytes,
        metadataKept: true,
        report,
        state: "held",
      });
      return keep || cleaned.ok
        ? { status: "confirm-keep", held, report, fields }
        : { status: "strip-failed", held, failure: cleaned.failure, report, fields };
    }
    try {
      const document = await putDocument({
        ...base,
        content: cleaned.bytes,
        metadataKept: false,
        report: cleaned.report,
      });
      return { status: "stored", document, report: cleaned.report, fields };
    } finally {
      wipe(cleaned.bytes);
    }
  } catch (error) {
    if (error instanceof ScopeLimitError)
      return { status: "refused", refusal: refusal("scope-full", limits, error.remainingBytes), fields };
    throw error;
  } finally {
    wipe(file.bytes);
  }
}

/** The uploader confirms "keep as evidence" for a held upload: it becomes a stored document, unstripped. */
export async function keepHeldAsEvidence(
  tx: Tx,
  heldId: string,
  actorId: string | null,
): Promise<DocumentSummary> {
  return releaseHeld(tx, heldId, actorId, { metadataKept: true });
}

/** The uploader cancels a held upload: its key is destroyed. */
export async function discardHeld(tx: Tx, heldId: string, actorId: string | null): Promise<boolean> {
  return deleteDocument(tx, heldId, { state: "held", createdById: actorId });
}

/**
 * The uploader changes their mind on a held upload ("remove the metadata after all"): cleaned and stored
 * as a new document, the held one destroyed. Still held (strip-failed) when cleaning fails again.
 */
export async function removeMetadataFromHeld(
  heldId: string,
  actorId: string | null,
  config: PipelineConfig = pipelineConfig(),
): Promise<Exclude<UploadResult, { status: "confirm-keep" }>> {
  const held = await readDocument(heldId, { state: "held" });
  const fields = new FormData();
  try {
    if (held.document.createdById !== actorId) throw new DocumentNotFoundError();
    const detection = await detectDocumentKind(held.content, held.document.filename);
    if (!detection.ok) throw new DocumentNotFoundError();
    const cleaned = await inspectAndClean(held.content, detection.info, config, true);
    if (!cleaned.ok)
      return {
        status: "strip-failed",
        held: held.document,
        failure: cleaned.failure,
        report: held.report,
        fields,
      };
    try {
      // The held upload is destroyed in the same transaction (it still counts in the scope until then).
      const document = await putDocument({
        scope: held.document.scope,
        createdById: actorId,
        filename: held.document.filename,
        mediaType: held.document.mediaType,
        content: cleaned.bytes,
        metadataKept: false,
        report: cleaned.report,
        scopeLimitBytes: config.limits.scopeBytes,
        replacesHeld: heldId,
      });
      return { status: "stored", document, report: cleaned.report, fields };
    } finally {
      wipe(cleaned.bytes);
    }
  } finally {
    wipe(held.content);
  }
}

/** The message (documents namespace) explaining why metadata could not be removed. */
export function stripFailureMessageKey(failure: StripFailure): string {
  return failure === "missing" || failure === "no-scratch"
    ? "documents:stripFailed.missing"
    : "documents:stripFailed.failed";
}
