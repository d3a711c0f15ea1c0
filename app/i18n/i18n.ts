import { createInstance, type i18n as I18n } from "i18next";
import ICU from "i18next-icu";
import IntlMessageFormat from "intl-messageformat";
import { messageArguments, parseMessage } from "./icu";
import type { Locale } from "./config";
import type { Resources } from "./resources";

const defaultNamespace = "common";

/**
 * What a message shows when it cannot be formatted (a value the caller did not pass, a broken
 * translation): the message with each missing argument left empty rather than raw ICU braces. Tests
 * fail on the logged error (tests/setup), so a missing value is found before a reader sees a gap.
 */
const formatFallback = (locale: Locale) => (err: unknown, key: string, res: unknown, options?: object) => {
  console.error(`i18n: cannot format "${key}": ${err instanceof Error ? err.message : String(err)}`);
  if (typeof res !== "string") return key;
  try {
    const values: Record<string, unknown> = { ...options };
    for (const { name, kind } of messageArguments(parseMessage(res)))
      if (values[name] === undefined) values[name] = kind === "plural" || kind === "number" ? 0 : "";
    return String(new IntlMessageFormat(res, locale, undefined, { ignoreTag: true }).format(values as never));
  } catch {
    return key; // a message that does not parse: the key says where to look, braces would say nothing
  }
};

/**
 * A fresh, synchronously initialised i18next instance (one per request on the server). Messages are ICU
 * MessageFormat (ADR 0021): `{name}`, `{count, plural, one {# need} other {# needs}}`, selects for grammar.
 */
export function createI18n(locale: Locale, resources: Resources): I18n {
  const instance = createInstance();
  void instance.use(new ICU({ parseErrorHandler: formatFallback(locale) })).init({
    lng: locale,
    fallbackLng: "en",
    resources: { [locale]: resources },
    ns: Object.keys(resources),
    defaultNS: defaultNamespace,
    interpolation: { escapeValue: false }, // React escapes; emails escape in their renderer
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
