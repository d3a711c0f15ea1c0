import { describe, expect, it } from "vitest";
import {
  docx,
  elfExecutable,
  HTML_PAGE,
  JPEG_BASE,
  jpegHtmlPolyglot,
  odf,
  pdf,
  pdfZipPolyglot,
  png,
  SVG_WITH_SCRIPT,
  SVG_WITH_XML_DECLARATION,
  truncatedPdf,
  windowsExecutable,
  xlsx,
  zip,
  zipArchive,
} from "../../../../tests/support/document-fixtures";
import { detectDocumentKind } from "./file-types";

const kindOf = async (bytes: Buffer, name = "file") => {
  const d = await detectDocumentKind(bytes, name);
  return d.ok ? d.info.kind : `${d.refusal}:${d.detected}`;
};

describe("document kinds, by content", () => {
  it("recognises every allowed kind whatever the file is called", async () => {
    expect(await kindOf(pdf({ text: "x" }), "a.docx")).toBe("pdf");
    expect(await kindOf(docx({ text: "x" }), "a.pdf")).toBe("docx");
    expect(await kindOf(xlsx(), "a")).toBe("xlsx");
    expect(await kindOf(odf("text"), "a")).toBe("odt");
    expect(await kindOf(odf("spreadsheet"), "a")).toBe("ods");
    expect(await kindOf(png(), "a.jpg")).toBe("png");
    expect(await kindOf(JPEG_BASE, "a.png")).toBe("jpeg");
    expect(await kindOf(Buffer.from("Notes\nline two, «quotes», ñ\n"), "notes.pdf")).toBe("text");
    expect(await kindOf(Buffer.from("a;b\n1;2\n"), "table.CSV")).toBe("csv");
    // Legacy 8-bit text (an old spreadsheet's CSV export) is still text.
    expect(await kindOf(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x3b, 0x31, 0x0a]), "t.csv")).toBe("csv");
  });

  it("refuses executables, markup, archives and other types, whatever they are called", async () => {
    expect(await kindOf(windowsExecutable(), "invoice.pdf")).toBe("type:exe");
    expect(await kindOf(elfExecutable(), "scan.pdf")).toBe("type:elf");
    expect(await kindOf(HTML_PAGE, "page.txt")).toBe("type:markup");
    expect(await kindOf(SVG_WITH_SCRIPT, "image.png")).toBe("type:markup");
    expect((await kindOf(SVG_WITH_XML_DECLARATION, "image.png")).startsWith("type:")).toBe(true);
    expect(await kindOf(zipArchive(), "notes.docx")).toBe("type:zip");
    expect(await kindOf(Buffer.from("#!/bin/sh\nrm -rf ~\n"), "notes.txt")).toBe("type:script");
    expect(await kindOf(Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"), "a.png")).toBe(
      "type:gif",
    );
    expect(await kindOf(Buffer.from("hello\x00world"), "a.txt")).toBe("type:binary");
    expect(await kindOf(Buffer.from("Notes\n<img src=x onerror=alert(1)>\n"), "a.txt")).toBe("type:markup");
    expect(await kindOf(Buffer.alloc(0), "a.txt")).toBe("empty:empty");
  });

  it("refuses polyglots: a second format where its readers would find it", async () => {
    expect(await kindOf(pdfZipPolyglot(), "a.pdf")).toMatch(/^polyglot:/);
    expect(await kindOf(jpegHtmlPolyglot(), "a.jpg")).toMatch(/^polyglot:/);
    expect(await kindOf(Buffer.concat([png(), zipArchive()]), "a.png")).toMatch(/^polyglot:/);
    // A PDF header in the first kilobyte of an image makes PDF readers open it.
    expect(await kindOf(png({ text: { Comment: "%PDF-1.4 1 0 obj" } }), "a.png")).toBe("polyglot:pdf-inside");
    // Script in the first bytes of an image, for content sniffers.
    expect(await kindOf(png({ text: { Comment: "<script>alert(1)</script>" } }), "a.png")).toBe(
      "polyglot:markup-inside",
    );
    // Something put in front of an office document's ZIP.
    expect(
      await kindOf(Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), docx({ text: "x" })]), "a.docx"),
    ).toMatch(/^(polyglot|damaged|type):/);
  });

  it("refuses truncated files", async () => {
    expect(await kindOf(truncatedPdf(), "a.pdf")).toBe("damaged:pdf-truncated");
    const jpeg = JPEG_BASE.subarray(0, JPEG_BASE.length - 200);
    expect(await kindOf(jpeg, "a.jpg")).toBe("damaged:jpeg-truncated");
    const image = png();
    expect(await kindOf(image.subarray(0, image.length - 12), "a.png")).toBe("damaged:png-truncated");
    const office = docx({ text: "x" });
    expect(await kindOf(office.subarray(0, office.length - 30), "a.docx")).toMatch(/^(damaged|type):/);
  });

  it("does not mistake a chance byte pattern for an archive", async () => {
    // The ZIP end-record signature inside a PDF stream, without a central directory before it.
    const noisy = pdf({ text: "PK\x05\x06 not an archive" });
    expect(await kindOf(noisy, "a.pdf")).toBe("pdf");
    expect(await kindOf(zip([{ name: "a", data: "b" }]).subarray(0, 10), "a")).toMatch(/^(type|damaged):/);
  });
});
