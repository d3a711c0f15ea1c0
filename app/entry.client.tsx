import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { HydratedRouter } from "react-router/dom";
import { defaultLocale, isLocale } from "./i18n/config";
import { createI18n } from "./i18n/i18n";
import { loadResources } from "./i18n/resources";

// The page's language is in <html lang>; only that locale's strings are downloaded.
const lang = document.documentElement.lang;
const locale = isLocale(lang) ? lang : defaultLocale;

void loadResources(locale).then((resources) => {
  const i18n = createI18n(locale, resources);
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <HydratedRouter />
        </I18nextProvider>
      </StrictMode>,
    );
  });
});
