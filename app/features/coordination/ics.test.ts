import { describe, expect, it } from "vitest";
import { callIcs, escapeText, foldLine } from "./ics";

describe("calendar file", () => {
  const ics = callIcs({
    id: "c1",
    sequence: 2,
    startsAt: new Date("2026-12-03T21:00:00Z"),
    durationMinutes: 90,
    summary: "Coordination call: Mexico, Guatemala; région",
    description: "Agenda and notes on Puente:\nhttps://puente.example/calls/c1",
    url: "https://puente.example/calls/c1",
    stamp: new Date("2026-11-21T12:00:00Z"),
  });

  it("is RFC 5545: CRLF lines, UID, DTSTAMP and DTSTART/DTEND in UTC, escaped text", () => {
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.split("\r\n").every((l) => !l.includes("\n"))).toBe(true);
    expect(ics).toContain("\r\nUID:call-c1@puente\r\n");
    expect(ics).toContain("\r\nSEQUENCE:2\r\n");
    expect(ics).toContain("\r\nDTSTAMP:20261121T120000Z\r\n");
    expect(ics).toContain("\r\nDTSTART:20261203T210000Z\r\n");
    expect(ics).toContain("\r\nDTEND:20261203T223000Z\r\n");
    expect(ics).toContain("SUMMARY:Coordination call: Mexico\\, Guatemala\\; région");
    expect(ics).toContain("DESCRIPTION:Agenda and notes on Puente:\\nhttps://puente.example/calls/c1");
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
  });

  it("folds long lines at 75 octets without splitting characters", () => {
    const line = `DESCRIPTION:${"é".repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split("\r\n")) expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
    expect(escapeText("a\\b")).toBe("a\\\\b");
  });
});
