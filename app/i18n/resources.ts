// Translations, one JSON file per namespace and locale under ./locales. A feature adds its namespace
// to the three locale index files; tests/i18n checks that every key exists in every locale.
import type { Locale } from "./config";

export type Resources = Record<string, Record<string, unknown>>;

const loaders: Record<Locale, () => Promise<{ default: Resources }>> = {
  en: () => import("./locales/en/index"),
  es: () => import("./locales/es/index"),
  fr: () => import("./locales/fr/index"),
};

export async function loadResources(locale: Locale): Promise<Resources> {
  return (await loaders[locale]()).default;
}
