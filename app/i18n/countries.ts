// Countries in sentences (ADR 0021). A message that puts a country after a preposition picks the words
// with an ICU select on `countryArticle`: French says « au Sénégal », « en Côte d’Ivoire », « aux
// Philippines », « à Cuba » (and « sur le Sénégal », « sur l’Iran »), English "in the Philippines".
// Names come from Intl.DisplayNames (format.ts); this file only knows the grammar that goes with them.
import type { Locale } from "./config";
import { countryName } from "./format";

/**
 * French: `m` le (au), `f` la (en), `v` l’ before a vowel (en), `pl` les (aux), `none` no article (à).
 * English: `the` or `none`. Spanish needs none: « en Senegal », « en Filipinas ».
 */
export type CountryArticle = "m" | "f" | "v" | "pl" | "the" | "none";

// Plural names: « aux États-Unis », « les Philippines ».
const FRENCH_PLURAL = new Set(
  "AE AS BM BQ BS CC CK FJ FK FO KM KY MH MP MV NL PH PN PS PW SB SC TC TF TO TV UM US VG VI WS".split(" "),
);
// Islands and cities named without an article: « à Cuba », « à Madagascar », « à Singapour ».
const FRENCH_NO_ARTICLE = new Set(
  "AG AN AW BH BL CU CW CY DJ DM GD GG GI GU HK HT IM JE KI KN LC MC MF MG MO MS MT MU NR NU OM PM PR RE SG SH SM ST SX TK TT TW VC WF YT".split(
    " ",
  ),
);
// Masculine names that end in -e (the rule below would call them feminine).
const FRENCH_MASCULINE = new Set("BZ GB KH MX MZ SR ZW RH UK CP".split(" "));
// Feminine names whose head noun does not end in -e.
const FRENCH_FEMININE = new Set(["SL"]);
// Names that take "the" in English.
const ENGLISH_THE = new Set(
  "AE BS CF CK DO FK FO GM KM KY MH MP MV NL PH PS SB SC TC UM US GB VA VG VI".split(" "),
);

/** The article French uses with a country, from its French name and the lists above. */
export function frenchArticle(code: string): CountryArticle {
  const c = code.toUpperCase();
  if (FRENCH_PLURAL.has(c)) return "pl";
  if (FRENCH_NO_ARTICLE.has(c)) return "none";
  const name = countryName(c, "fr");
  if (/^Îles\s/.test(name)) return "pl";
  if (/^[aeiouàâéèêëîïôöûüœ]/i.test(name)) return "v";
  if (FRENCH_MASCULINE.has(c)) return "m";
  if (FRENCH_FEMININE.has(c)) return "f";
  // the gender is the head noun's: « Corée du Sud », « Guinée-Bissau », « Soudan du Sud »
  const head = name.split(/[\s-]/)[0];
  return /e$/.test(head) ? "f" : "m";
}

export function countryArticle(code: string, locale: Locale): CountryArticle {
  if (locale === "fr") return frenchArticle(code);
  if (locale === "en") return ENGLISH_THE.has(code.toUpperCase()) ? "the" : "none";
  return "none";
}

/** The values a message about a country takes: its name and the article that goes with it. */
export function countryArgs(code: string, locale: Locale) {
  return { country: countryName(code, locale), countryArticle: countryArticle(code, locale) };
}
