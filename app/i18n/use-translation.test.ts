import { describe, expect, it } from "vitest";
import { createI18n } from "./i18n";
import { loadResources } from "./resources";
import { translationFor } from "./use-translation";

describe("translationFor", () => {
  it("remembers messages filled with plain values, each value its own text", async () => {
    const i18n = createI18n("fr", await loadResources("fr"));
    const { t } = translationFor(i18n);
    for (const count of [1, 2, 1, 1_000, 2]) {
      const expected = i18n.t("needs:board.results", { count, formatted: String(count) });
      expect(t("needs:board.results", { count, formatted: String(count) })).toBe(expected);
    }
    expect(t("needs:board.results", { count: 1, formatted: "1" })).not.toBe(
      t("needs:board.results", { count: 2, formatted: "2" }),
    );
    // Same values under other names are another message.
    expect(t("common:pagination.page", { page: "2", pages: "3" })).toBe(
      i18n.t("common:pagination.page", { page: "2", pages: "3" }),
    );
    expect(t("common:pagination.page", { page: "3", pages: "2" })).toBe(
      i18n.t("common:pagination.page", { page: "3", pages: "2" }),
    );
  });

  it("passes i18next's own options and non-plain values straight through", async () => {
    const i18n = createI18n("es", await loadResources("es"));
    const { t } = translationFor(i18n);
    const plain = t("needs:board.results", { count: 3, formatted: "3" });
    // `defaultValue` changes the lookup: never answered from the memo of the same key.
    expect(t("needs:board.noSuchKey", { defaultValue: "uno" })).toBe("uno");
    expect(t("needs:board.noSuchKey", { defaultValue: "dos" })).toBe("dos");
    const date = new Date(Date.UTC(2026, 0, 2));
    expect(t("needs:board.postedOn", { date: date as unknown as string })).toEqual(
      i18n.t("needs:board.postedOn", { date: date as unknown as string }),
    );
    expect(t("needs:board.results", { count: 3, formatted: "3" })).toBe(plain);
  });
});
