import { createInstance, type i18n as I18n } from "i18next";
import type { Locale } from "./config";
import type { Resources } from "./resources";

export const defaultNamespace = "common";

/** A fresh, synchronously initialised i18next instance (one per request on the server). */
export function createI18n(locale: Locale, resources: Resources): I18n {
  const instance = createInstance();
  void instance.init({
    lng: locale,
    fallbackLng: "en",
    resources: { [locale]: resources },
    ns: Object.keys(resources),
    defaultNS: defaultNamespace,
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
