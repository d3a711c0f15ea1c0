// Converts the translation catalogues (app/i18n/locales/{en,es,fr}/*.json) from i18next's own format to ICU
// MessageFormat (ADR 0021): `{{name}}` becomes `{name}`, and a family of plural keys (`key_one`,
// `key_other`, `key_many`, `key_zero`) becomes one message `key` = `{count, plural, one {…} other {…}}`.
//
// Idempotent: messages already in ICU are left alone, so the lead can rerun it after merging a branch
// that still adds old-format keys.  Usage: npx tsx scripts/i18n-to-icu.ts [--check]
//   --check  changes nothing, lists what would change and exits 1 if anything would.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseMessage } from "../app/i18n/icu";

type Tree = { [key: string]: string | Tree };

const OLD_VARIABLE = /\{\{\s*([\w.]+)\s*\}\}/g;
const PLURAL_KEY = /^(.+)_(zero|one|two|few|many|other)$/;

function parses(message: string) {
  try {
    parseMessage(message);
    return true;
  } catch {
    return false;
  }
}

/** Text that ICU reads back as the same characters: apostrophes and braces quoted where needed. */
function icuLiteral(text: string, inPlural: boolean, followedByArgument: boolean) {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = i + 1 < text.length ? text[i + 1] : followedByArgument ? "{" : "";
    if (c === "'") out += /['{}<>#]/.test(next) ? "''" : "'";
    else if (c === "{" || c === "}" || (inPlural && c === "#")) out += `'${c}'`;
    else out += c;
  }
  return out;
}

/** One i18next message in ICU; inside a plural of `countVariable`, `{{countVariable}}` becomes `#`. */
export function convertMessage(old: string, countVariable?: string): string {
  const parts = old.split(OLD_VARIABLE); // text, variable, text, variable, …, text
  let out = "";
  for (let i = 0; i < parts.length; i += 2) {
    const hasArgument = i + 1 < parts.length;
    out += icuLiteral(parts[i], countVariable !== undefined, hasArgument);
    if (hasArgument) out += parts[i + 1] === countVariable ? "#" : `{${parts[i + 1]}}`;
  }
  return out;
}

/** Old format: i18next variables that ICU cannot read as they are. */
export function isOldFormat(message: string) {
  return new RegExp(OLD_VARIABLE.source).test(message) && !parses(message);
}

/** The ICU plural built from i18next's `key_<category>` messages, with every category `locale` uses. */
export function pluralMessage(
  locale: string,
  forms: Record<string, string>,
  countVariable = "count",
): string {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  const other = forms.other ?? forms.many ?? Object.values(forms)[0];
  const cases: string[] = [];
  const body = (text: string) =>
    parses(text) && !isOldFormat(text) ? text : convertMessage(text, countVariable);
  if (forms.zero !== undefined) cases.push(`=0 {${body(forms.zero)}}`);
  for (const category of ["one", "two", "few", "many"]) {
    if (!categories.includes(category)) continue;
    cases.push(`${category} {${body(forms[category] ?? other)}}`);
  }
  cases.push(`other {${body(other)}}`);
  return `{${countVariable}, plural, ${cases.join(" ")}}`;
}

/** Converts one namespace's tree; returns the new tree and the keys it changed. */
export function convertTree(locale: string, tree: Tree, prefix = ""): { tree: Tree; changed: string[] } {
  const changed: string[] = [];
  const families = new Map<string, Record<string, string>>();
  for (const [key, value] of Object.entries(tree)) {
    const m = typeof value === "string" ? key.match(PLURAL_KEY) : null;
    if (m) families.set(m[1], { ...families.get(m[1]), [m[2]]: value as string });
  }
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    const m = key.match(PLURAL_KEY);
    if (m && families.has(m[1])) {
      // the family's message takes the place of its first key; old plural keys win over an ICU message
      // already under the base key (they are newer: a converted catalogue has none)
      if (!(m[1] in out)) {
        out[m[1]] = pluralMessage(locale, families.get(m[1])!);
        changed.push(`${prefix}${m[1]}`);
      }
      continue;
    }
    if (families.has(key)) continue; // replaced by the family's message
    if (typeof value === "string") {
      if (isOldFormat(value)) {
        out[key] = convertMessage(value);
        changed.push(`${prefix}${key}`);
      } else out[key] = value;
    } else {
      const inner = convertTree(locale, value, `${prefix}${key}.`);
      out[key] = inner.tree;
      changed.push(...inner.changed);
    }
  }
  return { tree: out, changed };
}

export const localesDir = fileURLToPath(new URL("../app/i18n/locales", import.meta.url));

function main() {
  const check = process.argv.includes("--check");
  let total = 0;
  for (const locale of ["en", "es", "fr"]) {
    for (const file of readdirSync(join(localesDir, locale))
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const path = join(localesDir, locale, file);
      const { tree, changed } = convertTree(locale, JSON.parse(readFileSync(path, "utf8")) as Tree);
      if (changed.length === 0) continue;
      total += changed.length;
      console.log(
        `${locale}/${file}: ${changed.length} message(s)${check ? " to convert" : ""}: ${changed.join(", ")}`,
      );
      if (!check) writeFileSync(path, `${JSON.stringify(tree, null, 2)}\n`);
    }
  }
  console.log(
    total === 0
      ? "every message is ICU already"
      : `${total} message(s) ${check ? "not ICU yet" : "converted"}`,
  );
  if (check && total > 0) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
