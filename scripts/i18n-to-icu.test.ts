import { describe, expect, it } from "vitest";
import { createI18n } from "../app/i18n/i18n";
import { convertMessage, convertTree, isOldFormat, pluralMessage } from "./i18n-to-icu";

describe("i18n-to-icu", () => {
  it("turns i18next variables into ICU arguments and keeps apostrophes and braces as text", () => {
    expect(convertMessage("Hello {{ name }}, {{count}} new")).toBe("Hello {name}, {count} new");
    expect(convertMessage("l'{{organisation}} d'Haïti")).toBe("l''{organisation} d'Haïti");
    expect(convertMessage("a {literal} brace {{x}}")).toBe("a '{'literal'}' brace {x}");
  });

  it("joins plural keys into one message with the forms the language needs", () => {
    expect(
      pluralMessage("en", { one: "{{count}} need", other: "{{count}} needs", many: "{{count}} needs" }),
    ).toBe("{count, plural, one {# need} other {# needs}}");
    expect(
      pluralMessage("fr", { zero: "aucun", one: "{{count}} besoin #1", other: "{{count}} besoins" }),
    ).toBe("{count, plural, =0 {aucun} one {# besoin '#'1} many {# besoins} other {# besoins}}");
  });

  it("converts a catalogue once: a second run changes nothing, and the result reads as before", () => {
    const old = {
      title: "Needs in {{country}}",
      plain: "No variables, l'apostrophe",
      results_one: "{{count}} result for {{query}}",
      results_other: "{{count}} results for {{query}}",
      nested: { when_one: "in {{count}} day", when_other: "in {{count}} days" },
    };
    const first = convertTree("en", old);
    expect(first.changed.sort()).toEqual(["nested.when", "results", "title"]);
    expect(first.tree).toEqual({
      title: "Needs in {country}",
      plain: "No variables, l'apostrophe",
      results: "{count, plural, one {# result for {query}} other {# results for {query}}}",
      nested: { when: "{count, plural, one {in # day} other {in # days}}" },
    });
    const second = convertTree("en", first.tree);
    expect(second.changed).toEqual([]);
    expect(second.tree).toEqual(first.tree);

    const t = createI18n("en", { common: first.tree }).t;
    expect(t("results", { count: 1, query: "visa" })).toBe("1 result for visa");
    expect(t("results", { count: 1200, query: "visa" })).toBe("1,200 results for visa");
    expect(t("plain")).toBe("No variables, l'apostrophe");
  });

  it("lets old plural keys merged from another branch replace the converted message", () => {
    const merged = {
      results: "{count, plural, one {# hit} other {# hits}}",
      results_one: "{{count}} match",
      results_other: "{{count}} matches",
    };
    expect(convertTree("en", merged).tree).toEqual({
      results: "{count, plural, one {# match} other {# matches}}",
    });
  });

  it("tells old messages from ICU ones", () => {
    expect(isOldFormat("{{name}}")).toBe(true);
    expect(isOldFormat("{count, plural, other {{count}}}")).toBe(false);
    expect(isOldFormat("{name}")).toBe(false);
  });
});
