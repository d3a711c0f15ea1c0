// Choices for the language pickers (ISO 639-1). Names come from Intl in the reader's language.
import type { Locale } from "~/i18n/config";
import { countryName, languageName } from "~/i18n/format";

const collators = new Map<string, Intl.Collator>();
function collator(locale: Locale) {
  let c = collators.get(locale);
  if (!c) collators.set(locale, (c = new Intl.Collator(locale)));
  return c;
}

// The languages members work in (ISO 639-1, all named by CLDR in en, es and fr): the network's working
// languages, then Africa's (Wolof, Fula, Bambara, Lingala, Kinyarwanda, Kirundi, Oromo, Tigrinya…), the
// Americas' indigenous languages (Quechua, Guarani, Aymara), Asia's and Europe's.
export const languageCodes = (
  "en es fr pt ar ru zh hi bn ur fa tr de it nl pl uk ro hu cs el he sw am ha yo ig zu so rw mg km th vi id ms tl my ne si ta te " +
  "ko ja ka hy az kk uz ky tg mn ps ku qu gn ay ht sq sr hr bs mk bg " +
  "wo ff bm ln lg om ti ak ee sn ny rn st tn xh af ki ts ve ss kg sd pa ml mr gu kn or as jv su lo bo ug tk tt be " +
  "lt lv et sl sk da sv no fi is ga cy eu ca gl mt lb sm to fj mi"
).split(" ");

export function languageOptions(locale: Locale, extra: string[] = []) {
  const codes = [...new Set([...languageCodes, ...extra])];
  return codes
    .map((value) => ({ value, label: languageName(value, locale) }))
    .sort((a, b) => collator(locale).compare(a.label, b.label));
}

export function countryOptions(codes: string[], locale: Locale) {
  const c = collator(locale);
  return codes
    .map((value) => ({ value, label: countryName(value, locale) }))
    .sort((a, b) => c.compare(a.label, b.label));
}
