// Renders every email, in one place: the template's content (templates/content.ts) in the recipient's
// language, as HTML (React, static markup) and as plain text written from the same content.
import type { TFunction } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { isLocale, type Locale } from "~/i18n/config";
import { getFixedT } from "~/i18n/i18n.server";
import { emailTemplates, type EmailParams, type EmailTemplate } from "../catalog";
import { builders } from "../templates/content";
import { EmailDocument, toText, type EmailContent } from "../templates/layout";

export type RenderedEmail = { subject: string; html: string; text: string; locale: Locale };

const translators = new Map<Locale, Promise<TFunction>>();

/**
 * One translation function per language for the life of the process, remembering its answers
 * (renders are hot in digest runs, and the same labels come back for every recipient).
 */
function translator(locale: Locale): Promise<TFunction> {
  let t = translators.get(locale);
  if (!t) {
    t = (getFixedT(locale, ["email", "common"]) as Promise<TFunction>).then((fixed) => {
      const memo = new Map<string, string>();
      return ((key: string, options?: Record<string, unknown>) => {
        const id = options ? `${key}\u0000${JSON.stringify(options)}` : key;
        let value = memo.get(id);
        if (value === undefined) {
          value = String(fixed(key, options as never));
          if (memo.size > 20_000) memo.clear();
          memo.set(id, value);
        }
        return value;
      }) as unknown as TFunction;
    });
    translators.set(locale, t);
  }
  return t;
}

function renderContent(content: EmailContent): { html: string; text: string } {
  const html = `<!DOCTYPE html>${renderToStaticMarkup(<EmailDocument content={content} />)}`;
  return { html, text: toText(content) };
}

export async function renderEmail<T extends EmailTemplate>(
  template: T,
  localeInput: string,
  params: EmailParams<T>,
  timeZone = "UTC",
): Promise<RenderedEmail> {
  const locale: Locale = isLocale(localeInput) ? localeInput : "en";
  const parsed = emailTemplates[template].parse(params) as EmailParams<T>;
  const t = await translator(locale);
  const build = builders[template] as (
    p: EmailParams<T>,
    ctx: { t: TFunction; locale: Locale; timeZone: string },
  ) => EmailContent;
  const content = build(parsed, { t, locale, timeZone });
  return { subject: content.subject, locale, ...renderContent(content) };
}
