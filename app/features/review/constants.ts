// Constants shared by the review pages' server code and components (no server-only imports here).
export const REVIEW_PAGE_SIZE = 10;
export const PROPOSALS_PAGE_SIZE = 20;

/** The choices the queue's filter form offers (anything else in the query string is ignored). */
export const queueFilterChoices = {
  urgency: ["critical", "high", "normal", "low"],
  category: ["legal", "digital_security", "advocacy"],
  source: ["worker", "secretariat", "volunteered", "requested"],
} as const;

function choice<T extends readonly string[]>(values: T, raw: string | null): T[number] | null {
  return raw && (values as readonly string[]).includes(raw) ? (raw as T[number]) : null;
}

/** The queue's filters from the query string; malformed values are dropped, never an error. */
export function parseQueueFilters(url: URL) {
  const country = url.searchParams.get("country")?.trim().toUpperCase() ?? "";
  const search = (url.searchParams.get("search") ?? "").trim().slice(0, 100);
  return {
    search: search || null,
    urgency: choice(queueFilterChoices.urgency, url.searchParams.get("urgency")),
    category: choice(queueFilterChoices.category, url.searchParams.get("category")),
    country: /^[A-Z]{2}$/.test(country) ? country : null,
    source: choice(queueFilterChoices.source, url.searchParams.get("source")),
    overdue: url.searchParams.get("overdue") === "1",
  };
}
