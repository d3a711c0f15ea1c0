// What a file is, decided by its content (never its name or the browser's claim): the allowed kinds, and
// the refusals — other types (HTML, SVG, executables, archives…), damaged or truncated files, and
// polyglots (a file that is also another format, where that format's readers would look for it).
import { fileTypeFromBuffer } from "file-type";

export type DocumentKind = "pdf" | "odt" | "ods" | "docx" | "xlsx" | "png" | "jpeg" | "text" | "csv";

export type KindInfo = {
  readonly kind: DocumentKind;
  readonly mediaType: string;
  /** The extension a stored document is given (downloads, and mat2, which picks its parser by it). */
  readonly extension: string;
  /** Plain text has no metadata container: nothing for mat2 to remove. */
  readonly hasMetadata: boolean;
};

export const DOCUMENT_KINDS: Readonly<Record<DocumentKind, KindInfo>> = Object.freeze({
  pdf: { kind: "pdf", mediaType: "application/pdf", extension: "pdf", hasMetadata: true },
  odt: {
    kind: "odt",
    mediaType: "application/vnd.oasis.opendocument.text",
    extension: "odt",
    hasMetadata: true,
  },
  ods: {
    kind: "ods",
    mediaType: "application/vnd.oasis.opendocument.spreadsheet",
    extension: "ods",
    hasMetadata: true,
  },
  docx: {
    kind: "docx",
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
    hasMetadata: true,
  },
  xlsx: {
    kind: "xlsx",
    mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extension: "xlsx",
    hasMetadata: true,
  },
  png: { kind: "png", mediaType: "image/png", extension: "png", hasMetadata: true },
  jpeg: { kind: "jpeg", mediaType: "image/jpeg", extension: "jpg", hasMetadata: true },
  text: { kind: "text", mediaType: "text/plain", extension: "txt", hasMetadata: false },
  csv: { kind: "csv", mediaType: "text/csv", extension: "csv", hasMetadata: false },
});

const BY_MIME = new Map(
  Object.values(DOCUMENT_KINDS)
    .filter((k) => !["text", "csv"].includes(k.kind))
    .map((k) => [k.mediaType, k]),
);

export type TypeRefusal = "empty" | "type" | "damaged" | "polyglot";
export type Detection =
  | { ok: true; info: KindInfo }
  | {
      ok: false;
      refusal: TypeRefusal;
      /** What it looked like, for logs and tests; never user content. */ detected: string;
    };

const refuse = (refusal: TypeRefusal, detected: string): Detection => ({ ok: false, refusal, detected });

export async function detectDocumentKind(bytes: Uint8Array, filename: string): Promise<Detection> {
  if (bytes.length === 0) return refuse("empty", "empty");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const found = await fileTypeFromBuffer(buffer);
  if (!found) return detectText(buffer, filename);
  const info = BY_MIME.get(found.mime);
  if (!info) return refuse("type", found.ext);
  const structure = checkStructure(info.kind, buffer);
  if (structure) return structure;
  const foreign = foreignFormat(info.kind, buffer);
  if (foreign) return refuse("polyglot", foreign);
  return { ok: true, info };
}

// ───────────────────────────── text ─────────────────────────────

/** Tags that make a browser or viewer treat text as an active document. */
const ACTIVE_MARKUP =
  /<(?:script|html|svg|!doctype|iframe|object|embed|body|head|meta|xml|\?xml|math|link|style|form|img)[\s>/]/i;

function detectText(buffer: Buffer, filename: string): Detection {
  let start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  for (let i = start; i < buffer.length; i++) {
    const b = buffer[i];
    // NUL and C0 controls other than tab, line feed, form feed and carriage return: binary, not text.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return refuse("type", "binary");
  }
  while (start < buffer.length && /\s/.test(String.fromCharCode(buffer[start]))) start++;
  const head = buffer.subarray(start, start + 2).toString("latin1");
  if (head === "#!") return refuse("type", "script");
  if (head.startsWith("<")) return refuse("type", "markup");
  // Latin-1 is a lossless view of any bytes, so this finds markup in UTF-8 and legacy encodings alike.
  if (ACTIVE_MARKUP.test(buffer.toString("latin1"))) return refuse("type", "markup");
  const kind = /\.csv$/i.test(filename.trim()) ? "csv" : "text";
  return { ok: true, info: DOCUMENT_KINDS[kind] };
}

// ───────────────────────────── structure: complete, and nothing after the end ─────────────────────────────

function checkStructure(kind: DocumentKind, buffer: Buffer): Detection | undefined {
  switch (kind) {
    case "pdf":
      return checkPdf(buffer);
    case "png":
      return checkPng(buffer);
    case "jpeg":
      return checkJpeg(buffer);
    default:
      return checkZip(buffer);
  }
}

function checkPdf(buffer: Buffer): Detection | undefined {
  // Readers look for the end-of-file marker and the cross-reference offset in the last kilobyte.
  const tail = buffer.subarray(Math.max(0, buffer.length - 1024)).toString("latin1");
  const eof = tail.lastIndexOf("%%EOF");
  if (eof < 0 || !tail.includes("startxref")) return refuse("damaged", "pdf-truncated");
  if (tail.slice(eof + 5).trim() !== "") return refuse("polyglot", "pdf-trailing-data");
  return undefined;
}

const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

function checkPng(buffer: Buffer): Detection | undefined {
  // Walk the chunks from the signature to IEND: a chunk running past the end is truncation,
  // bytes after IEND are another file riding along.
  let offset = 8;
  while (offset + 12 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString("latin1", offset + 4, offset + 8);
    const next = offset + 12 + length;
    if (next > buffer.length) return refuse("damaged", "png-truncated");
    if (type === "IEND") {
      if (!buffer.subarray(offset, next).equals(PNG_IEND)) return refuse("damaged", "png-bad-end");
      return next === buffer.length ? undefined : refuse("polyglot", "png-trailing-data");
    }
    offset = next;
  }
  return refuse("damaged", "png-truncated");
}

function checkJpeg(buffer: Buffer): Detection | undefined {
  // Marker segments (with their lengths, so a thumbnail inside EXIF is skipped whole) up to the image
  // data, then the entropy-coded data up to the end-of-image marker.
  let offset = 2;
  while (offset + 2 <= buffer.length) {
    if (buffer[offset] !== 0xff) return refuse("damaged", "jpeg-bad-marker");
    const marker = buffer[offset + 1];
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd9) return trailing(buffer, offset + 2);
    if (marker >= 0xd0 && marker <= 0xd7) {
      offset += 2;
      continue;
    }
    if (offset + 4 > buffer.length) return refuse("damaged", "jpeg-truncated");
    const length = buffer.readUInt16BE(offset + 2);
    const next = offset + 2 + length;
    if (length < 2 || next > buffer.length) return refuse("damaged", "jpeg-truncated");
    if (marker !== 0xda) {
      offset = next;
      continue;
    }
    // Start of scan: entropy-coded data until a marker that is not a stuffed 0x00 or a restart.
    let i = next;
    while (i + 1 < buffer.length) {
      if (buffer[i] === 0xff) {
        const m = buffer[i + 1];
        if (m === 0x00 || (m >= 0xd0 && m <= 0xd7) || m === 0xff) {
          i += m === 0xff ? 1 : 2;
          continue;
        }
        break;
      }
      i++;
    }
    offset = i;
  }
  return refuse("damaged", "jpeg-truncated");
}

function trailing(buffer: Buffer, end: number): Detection | undefined {
  // Some writers pad with zeros after the end-of-image marker; anything else is another payload.
  for (let i = end; i < buffer.length; i++)
    if (buffer[i] !== 0) return refuse("polyglot", "jpeg-trailing-data");
  return undefined;
}

const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

/** The end-of-central-directory record that ZIP readers find by searching backwards from the end. */
function findZipEnd(buffer: Buffer): { at: number; end: number; centralStart: number } | undefined {
  const from = Math.max(0, buffer.length - 22 - 0xffff);
  for (let at = buffer.length - 22; at >= from; at--) {
    if (buffer[at] !== 0x50 || !buffer.subarray(at, at + 4).equals(EOCD)) continue;
    const centralSize = buffer.readUInt32LE(at + 12);
    const centralStart = at - centralSize;
    // A real archive's central directory sits right before this record: that rules out chance matches.
    if (centralStart < 0 || !buffer.subarray(centralStart, centralStart + 4).equals(CENTRAL)) continue;
    return { at, end: at + 22 + buffer.readUInt16LE(at + 20), centralStart };
  }
  return undefined;
}

function checkZip(buffer: Buffer): Detection | undefined {
  const end = findZipEnd(buffer);
  if (!end) return refuse("damaged", "zip-truncated");
  if (end.end !== buffer.length) return refuse("polyglot", "zip-trailing-data");
  // The central directory says where it starts; a different place means something was put in front.
  if (buffer.readUInt32LE(end.at + 16) !== end.centralStart) return refuse("polyglot", "zip-prefixed");
  return undefined;
}

// ───────────────────────────── another format inside ─────────────────────────────

const MARKUP_IN_HEAD = /<(?:script|html|svg|!doctype\s+html|iframe|object|embed|body|head)[\s>/]/i;

function foreignFormat(kind: DocumentKind, buffer: Buffer): string | undefined {
  const head = buffer.subarray(0, 1024).toString("latin1");
  // PDF readers accept their header anywhere in the first kilobyte.
  if (kind !== "pdf" && head.includes("%PDF-")) return "pdf-inside";
  // Content sniffers look at the first bytes for markup.
  if (MARKUP_IN_HEAD.test(head)) return "markup-inside";
  // ZIP readers look from the end; a genuine archive there makes this file also a ZIP (or a JAR, an APK…).
  const zipKinds: DocumentKind[] = ["odt", "ods", "docx", "xlsx"];
  if (!zipKinds.includes(kind) && findZipEnd(buffer)) return "zip-inside";
  return undefined;
}
