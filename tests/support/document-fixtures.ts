// Files for the document tests and bench:files, built here rather than committed: a DOCX and an ODT with
// an author, PDFs (small with an author, large like a scan), PNG, a JPEG base with room for EXIF (tests add
// GPS with exiftool, which mat2 depends on), and the hostile ones (executables, HTML, SVG with script,
// polyglots, truncated files).
import { crc32, deflateRawSync, deflateSync } from "node:zlib";

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
