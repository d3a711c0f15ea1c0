// Reading an upload form (multipart/form-data, sent by a plain HTML form: no JavaScript needed) while it
// streams in. The file is held in memory only, and the read stops as soon as the limit is passed: an
// oversize file is refused before its body has been read whole (and a Content-Length that already says
// so is refused before reading anything).
import {
  FormDataParseError,
  MaxFileSizeExceededError,
  MaxFilesExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseFormData,
  type FileUpload,
} from "@remix-run/form-data-parser";

/** Form fields other than the file are small; this much room is left for them beyond the file limit. */
const FIELDS_ALLOWANCE = 64 * 1024;

type ReceivedFile = { readonly name: string; readonly bytes: Buffer };

export type MultipartRefusal = "not-multipart" | "no-file" | "too-many-files" | "too-large" | "malformed";

export type MultipartResult =
  | { ok: true; file: ReceivedFile; fields: FormData }
  /** `fields`: the form's other fields, when the form could be read (no file chosen, e.g. a message alone). */
  | { ok: false; refusal: MultipartRefusal; fields?: FormData };

/**
 * Reads one file from `fileField` and the text fields of the form. `maxBytes` is the most the file may
 * have (the smaller of the per-file limit and what is left in the scope).
 */
export async function readUploadForm(
  request: Request,
  options: { maxBytes: number; fileField?: string },
): Promise<MultipartResult> {
  const fileField = options.fileField ?? "file";
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data"))
    return { ok: false, refusal: "not-multipart" };
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > options.maxBytes + FIELDS_ALLOWANCE)
    return { ok: false, refusal: "too-large" };

  let file: ReceivedFile | undefined;
  let files = 0;
  try {
    const fields = await parseFormData(
      request,
      {
        maxFiles: 1,
        maxFileSize: options.maxBytes,
        maxTotalSize: options.maxBytes + FIELDS_ALLOWANCE,
        maxParts: 50,
      },
      async (upload: FileUpload) => {
        files++;
        // A file input left empty still sends a part with an empty name and no content.
        if (upload.fieldName !== fileField || (upload.name === "" && upload.size === 0)) return null;
        file = { name: upload.name, bytes: Buffer.from(await upload.arrayBuffer()) };
        return null;
      },
    );
    if (!file) return { ok: false, refusal: files > 1 ? "too-many-files" : "no-file", fields };
    return { ok: true, file, fields };
  } catch (error) {
    if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError)
      return { ok: false, refusal: "too-large" };
    if (error instanceof MaxFilesExceededError) return { ok: false, refusal: "too-many-files" };
    if (
      error instanceof MaxPartsExceededError ||
      error instanceof MultipartParseError ||
      error instanceof FormDataParseError
    )
      return { ok: false, refusal: "malformed" };
    throw error;
  }
}
