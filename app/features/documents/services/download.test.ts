import { describe, expect, it } from "vitest";
import { contentDisposition, downloadHeaders, safeFilename } from "./download.server";
import { categoryOf, parseShowOutput, revealsOf } from "./metadata.server";

describe("download names and headers", () => {
  it("gives a name without paths, hidden characters or a misleading extension", () => {
    expect(safeFilename("../../etc/passwd", "text/plain")).toBe("passwd.txt");
    expect(safeFilename("C:\\Users\\ana\\Informe final.pdf", "application/pdf")).toBe("Informe final.pdf");
    // Right-to-left override: "invoice‮fdp.exe" displays as "invoiceexe.pdf".
    expect(safeFilename("invoice\u202efdp.exe", "application/pdf")).toBe("invoicefdp.exe.pdf");
    expect(safeFilename("page.html", "text/plain")).toBe("page.html.txt");
    expect(safeFilename("photo.JPEG", "image/jpeg")).toBe("photo.jpg");
    expect(safeFilename('a\u0000b\r\nc<>:"|?*.pdf', "application/pdf")).toBe("abc_______.pdf");
    expect(safeFilename("   ", "application/pdf")).toBe("document.pdf");
    expect(safeFilename("x".repeat(500), "application/pdf")).toHaveLength(124);
    expect(
      safeFilename(
        "Ley de agentes extranjeros — versión 3.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      ),
    ).toBe("Ley de agentes extranjeros — versión 3.docx");
  });

  it("writes RFC 6266 Content-Disposition with an ASCII fallback and the exact UTF-8 name", () => {
    expect(contentDisposition("Informe final.pdf")).toBe(
      `attachment; filename="Informe final.pdf"; filename*=UTF-8''Informe%20final.pdf`,
    );
    expect(contentDisposition("versión «3» 100%.pdf")).toBe(
      `attachment; filename="version _3_ 100_.pdf"; filename*=UTF-8''versi%C3%B3n%20%C2%AB3%C2%BB%20100%25.pdf`,
    );
    expect(contentDisposition(`a"b\\c.pdf`)).toMatch(
      /^attachment; filename="a_b_c\.pdf"; filename\*=UTF-8''a%22b%5Cc\.pdf$/,
    );
  });

  it("sends every protective header", () => {
    const h = downloadHeaders("<script>.html", "text/plain", 12);
    expect(h.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(h.get("Content-Disposition")).toMatch(/^attachment; filename="_script_\.html\.txt"/);
    expect(h.get("X-Content-Type-Options")).toBe("nosniff");
    expect(h.get("Content-Security-Policy")).toMatch(/^sandbox;/);
    expect(h.get("Cache-Control")).toBe("no-store");
    expect(h.get("Content-Length")).toBe("12");
  });
});

describe("mat2 output", () => {
  it("reads fields, nested parts, and leaves out what says nothing", () => {
    const out = [
      "[+] Metadata for /dev/shm/x/upload.docx:",
      "[++] Metadata for docProps/core.xml:",
      "      dc:creator: Ana Ruiz",
      "      cp:revision: 7",
      "[++] Metadata for docProps/app.xml:",
      "      Company: Coalición MX",
      "",
    ].join("\n");
    expect(parseShowOutput(out)).toEqual({
      fields: [
        { part: "docProps/core.xml", name: "dc:creator", value: "Ana Ruiz" },
        { part: "docProps/core.xml", name: "cp:revision", value: "7" },
        { part: "docProps/app.xml", name: "Company", value: "Coalición MX" },
      ],
    });
    const pdf = "[+] Metadata for a.pdf:\n    creation-date: -1\n    format: PDF-1.5\n    author: Ana\n";
    expect(parseShowOutput(pdf)).toEqual({ fields: [{ name: "author", value: "Ana" }] });
    expect(parseShowOutput("  No metadata found in a.png.\n")).toEqual({ fields: [] });
    expect(parseShowOutput("[-] something went wrong when processing a.jpg: \n")).toEqual({
      failure: "failed",
    });
    expect(parseShowOutput("[-] a.csv's format (text/csv) is not supported\n")).toEqual({
      failure: "unsupported",
    });
  });

  it("says in plain categories what metadata reveals", () => {
    expect(categoryOf({ name: "GPSPosition", value: "19 deg" })).toBe("location");
    expect(categoryOf({ name: "dc:creator", value: "Ana" })).toBe("people");
    expect(categoryOf({ name: "cp:lastModifiedBy", value: "Ana" })).toBe("people");
    expect(categoryOf({ name: "Make", value: "Acme" })).toBe("device");
    expect(categoryOf({ name: "DateTimeOriginal", value: "2026" })).toBe("dates");
    expect(categoryOf({ name: "cp:revision", value: "7" })).toBe("history");
    expect(categoryOf({ name: "Application", value: "Word" })).toBe("software");
    const groups = revealsOf([
      { name: "Model", value: "X" },
      { name: "GPSLatitude", value: "1" },
      { name: "GPSLongitude", value: "2" },
    ]);
    expect(groups.map((g) => [g.category, g.fields.length])).toEqual([
      ["location", 2],
      ["device", 1],
    ]);
  });
});
