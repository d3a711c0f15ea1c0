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

function translationFor(i18n: I18n): Translation {
  let translation = translations.get(i18n);
  if (!translation) {
    const plain = new Map<string, string>();
    const t = ((key: unknown, ...rest: unknown[]) => {
      if (typeof key !== "string" || rest.length > 0)
        return (i18n.t as unknown as (...a: unknown[]) => unknown)(key, ...rest);
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
