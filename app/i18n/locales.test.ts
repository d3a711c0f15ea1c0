// Every key exists in every locale, with the same arguments, and no value is empty; every message is ICU
// MessageFormat that parses, and every plural lists each form its language needs (ADR 0021).
import { describe, expect, it } from "vitest";
import { messageArguments, messageChoices, parseMessage } from "./icu";
import en from "./locales/en/index";
import es from "./locales/es/index";
import fr from "./locales/fr/index";
import { MATCH_REASON_CODES } from "~/features/matching/core";

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

// the arguments a message takes; a select's argument may differ between languages (French needs a
// country's article, English does not), so only the others must match
const vars = (s: string) =>
  messageArguments(parseMessage(s))
    .filter((a) => a.kind !== "select")
    .map((a) => a.name)
    .sort();
const locales = { en, es, fr } as unknown as Record<string, Record<string, Tree>>;

describe("translations", () => {
  const reference = new Map<string, string>();
  for (const [ns, tree] of Object.entries(locales.en))
    for (const [k, v] of flatten(tree)) reference.set(`${ns}:${k}`, v);

  for (const lng of ["es", "fr"]) {
    it(`${lng} has every English key with the same variables, and nothing more`, () => {
      const other = new Map<string, string>();
      for (const [ns, tree] of Object.entries(locales[lng]))
        for (const [k, v] of flatten(tree)) other.set(`${ns}:${k}`, v);
      const missing = [...reference.keys()].filter((k) => !other.has(k));
      const extra = [...other.keys()].filter((k) => !reference.has(k));
      expect(missing, `missing in ${lng}`).toEqual([]);
      expect(extra, `only in ${lng}`).toEqual([]);
      const mismatched = [...reference]
        .filter(([k, v]) => other.has(k) && vars(v).join() !== vars(other.get(k)!).join())
        .map(([k]) => k);
      expect(mismatched, `different {arguments} in ${lng}`).toEqual([]);
    });
  }

  it("has no empty strings", () => {
    for (const [lng, namespaces] of Object.entries(locales)) {
      for (const [ns, tree] of Object.entries(namespaces)) {
        for (const [k, v] of flatten(tree)) expect(v.trim(), `${lng} ${ns}:${k}`).not.toBe("");
      }
    }
  });

  for (const lng of ["en", "es", "fr"]) {
    it(`every ${lng} message parses as ICU, and every plural has ${lng}'s forms and other`, () => {
      const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories as string[];
      const broken: string[] = [];
      const incomplete: string[] = [];
      const oldStyle: string[] = [];
      for (const [ns, tree] of Object.entries(locales[lng])) {
        for (const [k, v] of flatten(tree)) {
          const key = `${ns}:${k}`;
          if (/_(zero|one|two|few|many|other)$/.test(k)) oldStyle.push(key);
          let elements;
          try {
            elements = parseMessage(v);
          } catch (e) {
            broken.push(`${key}: ${(e as Error).message}`);
            continue;
          }
          for (const choice of messageChoices(elements)) {
            const wanted = choice.kind === "select" ? ["other"] : [...needed, "other"];
            const missing = wanted.filter((c) => !choice.cases.includes(c));
            if (missing.length) incomplete.push(`${key} (${choice.argument}): no ${missing.join(", ")}`);
          }
        }
      }
      expect(broken, "messages that are not ICU (run npx tsx scripts/i18n-to-icu.ts)").toEqual([]);
      expect(oldStyle, "i18next plural keys (run npx tsx scripts/i18n-to-icu.ts)").toEqual([]);
      expect(incomplete, "plurals without every form").toEqual([]);
    });
  }

  it("translates every match reason the matcher can give", () => {
    const keys = [...reference.keys()];
    for (const code of MATCH_REASON_CODES) {
      const key = `matching:reasons.${code}`;
      // a reason is one string, or one per variant (format_fit.remote, format_fit.in_person)
      expect(reference.has(key) || keys.some((k) => k.startsWith(`${key}.`)), code).toBe(true);
    }
  });
});
