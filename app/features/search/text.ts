// Pure text helpers shared by both search implementations: query tokenisation, typo distance and
// safe highlighting. No I/O, so they are unit-tested on their own (text.test.ts).

import { escapeHtml } from "~/utils/html";

/**
 * Highlight markers. The backends wrap matches in these private-use characters; we escape the whole
 * text as HTML and only then turn the markers into <mark> tags, so user text can never inject markup.
 * Indexed text is stripped of these characters, so a document cannot forge a marker either.
 */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";
/**
 * PostgreSQL's parser reads "<word>" as an HTML tag and ts_headline drops it; angle brackets are swapped
 * for these before ts_headline and restored by markedToHtml (then escaped like everything else).
 */
export const ANGLE_OPEN = "\uE002";
export const ANGLE_CLOSE = "\uE003";
const MARKERS = /[\uE000-\uE003]/g;

export function stripMarkers(text: string): string {
  return text.replace(MARKERS, "");
}

/** Escapes everything, then turns balanced markers into <mark>…</mark>; stray markers are dropped. */
export function markedToHtml(text: string): string {
  let out = "";
  let open = false;
  for (const part of text.split(/([\uE000\uE001])/)) {
    if (part === MARK_START) {
      if (!open) out += "<mark>";
      open = true;
    } else if (part === MARK_END) {
      if (open) out += "</mark>";
      open = false;
    } else {
      out += escapeHtml(part.replaceAll(ANGLE_OPEN, "<").replaceAll(ANGLE_CLOSE, ">"));
    }
  }
  return open ? `${out}</mark>` : out;
}

/** Plain-text extract for a document without a text query: the start of the body, cut at a word. */
export function leadSnippet(body: string, maxChars = 200): string {
  const clean = stripMarkers(body).replace(/\s+/g, " ").trim();
  if (clean.length <= maxChars) return escapeHtml(clean);
  const cut = clean.slice(0, maxChars);
  const lastSpace = cut.lastIndexOf(" ");
  return `${escapeHtml(cut.slice(0, lastSpace > maxChars / 2 ? lastSpace : maxChars))} …`;
}

/** Query words as the index sees them: lower-cased, split on anything that is not a letter or a digit. */
export function queryTokens(text: string | undefined, maxTokens = 8): string[] {
  if (!text) return [];
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0 && t.length <= 60)
    .slice(0, maxTokens);
}

/** Edit distance with transpositions (optimal string alignment): "leagl" is one typo from "legal". */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/**
 * Typos tolerated in a query word of this length: Meilisearch's default thresholds (5 and 9 letters),
 * so both backends forgive the same mistakes; shorter words have too many one-edit neighbours.
 */
export const TYPO_MIN_LENGTH = { oneTypo: 5, twoTypos: 9 } as const;
export function allowedTypos(word: string): number {
  if (word.length >= TYPO_MIN_LENGTH.twoTypos) return 2;
  if (word.length >= TYPO_MIN_LENGTH.oneTypo) return 1;
  return 0;
}
