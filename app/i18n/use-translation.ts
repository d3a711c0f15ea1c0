// react-i18next's `useTranslation`, made cheap for how Puente uses i18next. An instance's language never
// changes: the server keeps one instance per locale, and switching language in the browser loads a new
// page. So `t` is made once per instance instead of once per component per render — react-i18next copies
// every property descriptor of the instance for each call, which cost more CPU than rendering the rest of
// the needs board (bench:web) — and lookups without options are remembered.
import type { i18n as I18n, TFunction } from "i18next";
import { useContext } from "react";
import { I18nContext } from "react-i18next";

export type Translation = { t: TFunction; i18n: I18n };

const translations = new WeakMap<I18n, Translation>();

/** How many filled messages an instance remembers before it starts again. */
const FILLED_LIMIT = 5_000;

/**
 * The memo key of a message filled with these values, or null when they are not all plain strings,
 * numbers or booleans under ordinary names (an i18next option such as `lng`, `ns`, `context`, `returnObjects`
 * or `defaultValue` changes the lookup itself, so those are never remembered).
 */
function fillKey(key: string, values: unknown): string | null {
  if (typeof values !== "object" || values === null || Array.isArray(values)) return null;
  let id = key;
  for (const [name, value] of Object.entries(values)) {
    if (I18NEXT_OPTIONS.has(name)) return null;
    const type = typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean") return null;
    id += `\u0000${name}\u0001${type[0]}${String(value)}`;
  }
  return id;
}

const I18NEXT_OPTIONS = new Set([
  "lng",
  "lngs",
  "ns",
  "context",
  "defaultValue",
  "returnObjects",
  "returnDetails",
  "joinArrays",
  "postProcess",
  "interpolation",
  "fallbackLng",
  "keySeparator",
  "nsSeparator",
  "replace",
  "skipInterpolation",
  "ordinal",
]);

/** The `t` of an instance (exported for its unit test; components use `useTranslation`). */
export function translationFor(i18n: I18n): Translation {
  let translation = translations.get(i18n);
  if (!translation) {
    const plain = new Map<string, string>();
    const filled = new Map<string, string>();
    const t = ((key: unknown, ...rest: unknown[]) => {
      if (typeof key !== "string" || rest.length > 1)
        return (i18n.t as unknown as (...a: unknown[]) => unknown)(key, ...rest);
      if (rest.length === 1) {
        // A message filled with plain values (a count, a name, a formatted date) is remembered too: the
        // boards fill the same few ones on every request, and formatting an ICU message costs more than
        // the lookup. Anything else (objects, functions, i18next's own options) goes straight through.
        const id = fillKey(key, rest[0]);
        if (id === null) return (i18n.t as unknown as (...a: unknown[]) => unknown)(key, rest[0]);
        const known = filled.get(id);
        if (known !== undefined) return known;
        const text = (i18n.t as unknown as (...a: unknown[]) => unknown)(key, rest[0]);
        if (typeof text === "string") {
          // Bounded: counts and dates vary without end.
          if (filled.size >= FILLED_LIMIT) filled.clear();
          filled.set(id, text);
        }
        return text;
      }
      let text = plain.get(key);
      if (text === undefined) {
        text = i18n.t(key);
        plain.set(key, text);
      }
      return text;
    }) as unknown as TFunction;
    translation = { t, i18n };
    translations.set(i18n, translation);
  }
  return translation;
}

export function useTranslation(): Translation {
  const { i18n } = useContext(I18nContext);
  return translationFor(i18n);
}
