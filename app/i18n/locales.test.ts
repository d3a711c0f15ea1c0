// Every key exists in every locale, with the same interpolation variables, and no value is empty.
import { describe, expect, it } from "vitest";
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

const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
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
      expect(mismatched, `different {{variables}} in ${lng}`).toEqual([]);
    });
  }

  it("has no empty strings", () => {
    for (const [lng, namespaces] of Object.entries(locales)) {
      for (const [ns, tree] of Object.entries(namespaces)) {
        for (const [k, v] of flatten(tree)) expect(v.trim(), `${lng} ${ns}:${k}`).not.toBe("");
      }
    }
  });

  it("translates every match reason the matcher can give", () => {
    const keys = [...reference.keys()];
    for (const code of MATCH_REASON_CODES) {
      const key = `matching:reasons.${code}`;
      // a reason is one string, or one per variant (format_fit.remote, format_fit.in_person)
      expect(reference.has(key) || keys.some((k) => k.startsWith(`${key}.`)), code).toBe(true);
    }
  });
});
