// Every CSV the app serves goes through here. Cells that start with = + - @ TAB or CR are prefixed with a
// single quote (csv-stringify's `escape_formulas`), so that a member-chosen name such as
// `=HYPERLINK("http://x","y")` lands in a spreadsheet as text, never as a live formula (issue 15).
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null;

/** One CSV document: a leading BOM (spreadsheets then read UTF-8 accents), headers, rows, formulas neutralised. */
export function toCsv(headers: string[], rows: CsvCell[][]): string {
  return (
    "\uFEFF" +
    stringify([headers, ...rows.map((r) => r.map((v) => (v === null ? "" : v)))], { escape_formulas: true })
  );
}

/** The response for a CSV download, never cached (the exports depend on the session). */
export function csvResponse(filename: string, headers: string[], rows: CsvCell[][]): Response {
  return new Response(toCsv(headers, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
