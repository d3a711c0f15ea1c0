import { describe, expect, it } from "vitest";
import { countryArgs, frenchArticle } from "./countries";
import { createI18n } from "./i18n";
import en from "./locales/en/index";
import es from "./locales/es/index";
import fr from "./locales/fr/index";

const t = { en: createI18n("en", en).t, es: createI18n("es", es).t, fr: createI18n("fr", fr).t };

describe("countries in sentences", () => {
  it("gives French the preposition each country takes", () => {
    const coalition = (code: string) => t.fr("needs:board.anonymous", countryArgs(code, "fr"));
    expect(coalition("SN")).toBe("Une coalition au Sénégal");
    expect(coalition("CI")).toBe("Une coalition en Côte d’Ivoire");
    expect(coalition("PH")).toBe("Une coalition aux Philippines");
    expect(coalition("CU")).toBe("Une coalition à Cuba");
    expect(coalition("AF")).toBe("Une coalition en Afghanistan");
    expect(coalition("MX")).toBe("Une coalition au Mexique");
    expect(coalition("KR")).toBe("Une coalition en Corée du Sud");
    expect(coalition("US")).toBe("Une coalition aux États-Unis");
  });

  it("uses the article after « sur »", () => {
    const on = (code: string) => t.fr("coordination:new.titleFor", countryArgs(code, "fr"));
    expect(on("SN")).toBe("Programmer un appel sur le Sénégal");
    expect(on("CI")).toBe("Programmer un appel sur la Côte d’Ivoire");
    expect(on("IR")).toBe("Programmer un appel sur l’Iran");
    expect(on("PH")).toBe("Programmer un appel sur les Philippines");
    expect(on("HT")).toBe("Programmer un appel sur Haïti");
  });

  it("says “the Philippines” in English and needs no article in Spanish", () => {
    expect(t.en("needs:board.anonymous", countryArgs("PH", "en"))).toBe("A coalition in the Philippines");
    expect(t.en("needs:board.anonymous", countryArgs("SN", "en"))).toBe("A coalition in Senegal");
    expect(t.es("needs:board.anonymous", countryArgs("PH", "es"))).toBe("Una coalición en Filipinas");
  });

  it("reads feminine names from their head noun", () => {
    expect(frenchArticle("GW")).toBe("f"); // Guinée-Bissau
    expect(frenchArticle("SS")).toBe("m"); // Soudan du Sud
    expect(frenchArticle("SL")).toBe("f"); // Sierra Leone
    expect(frenchArticle("YE")).toBe("m"); // Yémen
  });
});
