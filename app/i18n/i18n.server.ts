import { createI18n } from "./i18n";
import { defaultLocale, isLocale, localeFromAcceptLanguage, type Locale } from "./config";
import { loadResources, type Resources } from "./resources";

const cache = new Map<Locale, Resources>();

export async function resourcesFor(locale: Locale) {
  let r = cache.get(locale);
  if (!r) {
    r = await loadResources(locale);
    cache.set(locale, r);
  }
  return r;
}

export const localeCookieName = "lng";

function cookieLocale(request: Request): Locale | undefined {
  const header = request.headers.get("cookie") ?? "";
  const match = header.match(/(?:^|;\s*)lng=([a-z]{2})/);
  return match && isLocale(match[1]) ? match[1] : undefined;
}

/**
 * The request's language: the signed-in user's choice, else the language cookie (set by the switcher),
 * else the browser's Accept-Language, else English.
 */
export function getLocale(request: Request, userLocale?: string | null): Locale {
  if (isLocale(userLocale)) return userLocale;
  return (
    cookieLocale(request) ?? localeFromAcceptLanguage(request.headers.get("accept-language")) ?? defaultLocale
  );
}

const instances = new Map<Locale, ReturnType<typeof createI18n>>();

/** A translation function for server code (action errors, emails, CSV headers); one instance per locale. */
export async function getFixedT(locale: Locale, ns?: string | string[]) {
  let instance = instances.get(locale);
  if (!instance) {
    instance = createI18n(locale, await resourcesFor(locale));
    instances.set(locale, instance);
  }
  return instance.getFixedT(locale, ns);
}
