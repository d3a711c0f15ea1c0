import { describe, expect, it } from "vitest";
import {
  ANGLE_CLOSE,
  ANGLE_OPEN,
  MARK_END,
  MARK_START,
  allowedTypos,
  editDistance,
  leadSnippet,
  markedToHtml,
  queryTokens,
  stripMarkers,
} from "./text";

describe("search text helpers", () => {
  it("escapes everything but the marks it adds", () => {
    expect(markedToHtml(`a <b>&"' ${MARK_START}x${MARK_END}`)).toBe(
      "a &lt;b&gt;&amp;&quot;&#39; <mark>x</mark>",
    );
    expect(markedToHtml(`${MARK_END}stray ${MARK_START}open`)).toBe("stray <mark>open</mark>");
    expect(markedToHtml(`${ANGLE_OPEN}script${ANGLE_CLOSE}`)).toBe("&lt;script&gt;");
  });

  it("removes marker characters from indexed text so a document cannot forge a mark", () => {
    expect(stripMarkers(`x${MARK_START}y${MARK_END}${ANGLE_OPEN}z`)).toBe("xyz");
  });

  it("cuts the lead snippet at a word", () => {
    expect(leadSnippet("short & sweet")).toBe("short &amp; sweet");
    const long = leadSnippet("palabra ".repeat(60), 40);
    expect(long.endsWith(" …")).toBe(true);
    expect(long.length).toBeLessThan(45);
  });

  it("splits queries into lower-cased words, keeping accents for the database to remove", () => {
    expect(queryTokens("  Société civile, l'organisation — DDoS!")).toEqual([
      "société",
      "civile",
      "l",
      "organisation",
      "ddos",
    ]);
    expect(queryTokens("")).toEqual([]);
    expect(queryTokens("a b c d e f g h i j", 3)).toEqual(["a", "b", "c"]);
  });

  it("counts a transposition as one typo", () => {
    expect(editDistance("leagl", "legal")).toBe(1);
    expect(editDistance("organizasion", "organizacion")).toBe(1);
    expect(editDistance("digitl", "digital")).toBe(1);
    expect(editDistance("abc", "xyz", 1)).toBe(2);
    expect(allowedTypos("ley")).toBe(0);
    expect(allowedTypos("legal")).toBe(1);
    expect(allowedTypos("seguridad")).toBe(2);
  });
});
