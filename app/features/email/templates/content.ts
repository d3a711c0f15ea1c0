// What each email says, per template, from its catalog parameters (non-confidential by construction:
// see catalog.ts). Countries, categories and dates are written in the reader's language.
import type { TFunction } from "i18next";
import { categories } from "~/features/taxonomy/reference-data";
import type { Locale } from "~/i18n/config";
import { countryName, formatDate } from "~/i18n/format";
import type { EmailParams, EmailTemplate } from "../catalog";
import type { EmailContent, EmailSection } from "./layout";

type Ctx = { t: TFunction; locale: Locale };

/** Date and time in UTC, said so (the reader's time zone is not known to every template). */
function dateTimeUtc(value: string, locale: Locale) {
  const formatted = new Intl.DateTimeFormat(locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(new Date(value));
  return `${formatted} UTC`;
}

function categoryLabel(id: string, locale: Locale) {
  const category = categories.find((c) => c.id === id);
  return category ? category.labels[locale] : id;
}

function base(ctx: Ctx, subject: string, heading: string, greetingName?: string | null): EmailContent {
  const { t, locale } = ctx;
  return {
    lang: locale,
    subject,
    heading,
    greeting: greetingName
      ? t("email:common.greeting", { name: greetingName })
      : t("email:common.greetingNoName"),
    paragraphs: [],
    signature: t("email:common.signature"),
    footer: [t("email:common.footer")],
    linkFallback: t("email:common.linkFallback"),
  };
}

type Builders = { [T in EmailTemplate]: (params: EmailParams<T>, ctx: Ctx) => EmailContent };

const simple =
  <T extends EmailTemplate>(
    key: string,
    urlOf: (p: EmailParams<T>) => string,
    values: (p: EmailParams<T>, ctx: Ctx) => Record<string, string | number> = () => ({}),
    extra: (p: EmailParams<T>, ctx: Ctx) => Partial<EmailContent> = () => ({}),
  ) =>
  (p: EmailParams<T>, ctx: Ctx): EmailContent => {
    const v = values(p, ctx);
    const { t } = ctx;
    return {
      ...base(ctx, t(`email:${key}.subject`, v), t(`email:${key}.heading`, v)),
      paragraphs: [t(`email:${key}.body`, v)],
      action: { label: t(`email:${key}.action`, v), url: urlOf(p) },
      ...extra(p, ctx),
    };
  };

export const builders: Builders = {
  invitation: (p, ctx) => {
    const v = {
      inviterName: p.inviterName,
      organisationName: p.organisationName,
      date: formatDate(p.expiresAt, ctx.locale, "long"),
    };
    return {
      ...base(ctx, ctx.t("email:invitation.subject", v), ctx.t("email:invitation.heading")),
      paragraphs: [ctx.t("email:invitation.body", v)],
      action: { label: ctx.t("email:invitation.action"), url: p.inviteUrl },
      notes: [ctx.t("email:invitation.note", v), ctx.t("email:common.ignore")],
    };
  },
  email_verification: (p, ctx) => ({
    ...base(
      ctx,
      ctx.t("email:email_verification.subject"),
      ctx.t("email:email_verification.heading"),
      p.name,
    ),
    paragraphs: [ctx.t("email:email_verification.body")],
    action: { label: ctx.t("email:email_verification.action"), url: p.verifyUrl },
    notes: [ctx.t("email:common.ignore")],
  }),
  email_change: (p, ctx) => ({
    ...base(ctx, ctx.t("email:email_change.subject"), ctx.t("email:email_change.heading"), p.name),
    paragraphs: [ctx.t("email:email_change.body")],
    action: { label: ctx.t("email:email_change.action"), url: p.verifyUrl },
    notes: [ctx.t("email:common.ignore")],
  }),
  password_reset: (p, ctx) => ({
    ...base(ctx, ctx.t("email:password_reset.subject"), ctx.t("email:password_reset.heading"), p.name),
    paragraphs: [ctx.t("email:password_reset.body")],
    action: { label: ctx.t("email:password_reset.action"), url: p.resetUrl },
    notes: [ctx.t("email:password_reset.note", { minutes: p.expiresInMinutes })],
  }),
  need_triaged: (p, ctx) => ({
    ...base(
      ctx,
      ctx.t("email:need_triaged.subject", { needTitle: p.needTitle }),
      ctx.t("email:need_triaged.heading"),
    ),
    paragraphs: [ctx.t(`email:need_triaged.${p.outcome}`, { needTitle: p.needTitle })],
    action: { label: ctx.t("email:need_triaged.action"), url: p.needUrl },
  }),
  proposal_to_expert: (p, ctx) => {
    const v = {
      country: countryName(p.countryCode, ctx.locale),
      category: categoryLabel(p.categoryId, ctx.locale),
      date: formatDate(p.respondBy, ctx.locale, "long"),
    };
    return {
      ...base(ctx, ctx.t("email:proposal_to_expert.subject", v), ctx.t("email:proposal_to_expert.heading")),
      paragraphs: [ctx.t("email:proposal_to_expert.body", v), ctx.t("email:proposal_to_expert.respond", v)],
      action: { label: ctx.t("email:proposal_to_expert.action"), url: p.proposalUrl },
    };
  },
  proposal_reminder: simple<"proposal_reminder">(
    "proposal_reminder",
    (p) => p.proposalUrl,
    (p, ctx) => ({
      date: formatDate(p.respondBy, ctx.locale, "long"),
    }),
  ),
  proposal_expired: simple<"proposal_expired">(
    "proposal_expired",
    (p) => p.reviewUrl,
    (p) => ({
      needTitle: p.needTitle,
      expertName: p.expertName,
    }),
  ),
  proposal_accepted: simple<"proposal_accepted">(
    "proposal_accepted",
    (p) => p.needUrl,
    (p) => ({
      needTitle: p.needTitle,
      expertName: p.expertName,
    }),
  ),
  proposal_closed: simple<"proposal_closed">(
    "proposal_closed",
    (p) => p.proposalsUrl,
    (p, ctx) => ({
      country: countryName(p.countryCode, ctx.locale),
    }),
  ),
  engagement_confirmed: simple<"engagement_confirmed">(
    "engagement_confirmed",
    (p) => p.engagementUrl,
    (p) => ({
      needTitle: p.needTitle,
    }),
  ),
  engagement_stalled: simple<"engagement_stalled">(
    "engagement_stalled",
    (p) => p.engagementUrl,
    (p) => ({
      needTitle: p.needTitle,
      days: p.days,
    }),
  ),
  engagement_problem: simple<"engagement_problem">(
    "engagement_problem",
    (p) => p.engagementUrl,
    (p) => ({
      needTitle: p.needTitle,
    }),
  ),
  engagement_feedback_request: simple<"engagement_feedback_request">(
    "engagement_feedback_request",
    (p) => p.engagementUrl,
    (p) => ({
      needTitle: p.needTitle,
    }),
  ),
  call_invitation: simple<"call_invitation">(
    "call_invitation",
    (p) => p.callUrl,
    (p, ctx) => ({
      country: countryName(p.countryCode, ctx.locale),
      date: dateTimeUtc(p.startsAt, ctx.locale),
    }),
  ),
  call_cancelled: simple<"call_cancelled">(
    "call_cancelled",
    (p) => p.callUrl,
    (p, ctx) => ({
      country: countryName(p.countryCode, ctx.locale),
      date: dateTimeUtc(p.startsAt, ctx.locale),
    }),
  ),
  digest: (p, ctx) => {
    const { t, locale } = ctx;
    const frequency = p.period.startsWith("daily:") ? "daily" : "weekly";
    const meta = (item: (typeof p.items)[number]) =>
      [
        item.countryCode ? countryName(item.countryCode, locale) : null,
        item.urgency ? t(`email:urgency.${item.urgency}`) : null,
      ]
        .filter(Boolean)
        .join(" · ");
    const sections: EmailSection[] = [];
    for (const kind of ["need", "offer"] as const) {
      const items = p.items.filter((i) => i.kind === kind);
      const total = kind === "need" ? (p.needTotal ?? items.length) : (p.offerTotal ?? items.length);
      if (!items.length) continue;
      sections.push({
        title: t(kind === "need" ? "email:digest.needs" : "email:digest.offers"),
        items: items.map((i) => ({ title: i.title, url: i.url, meta: meta(i) })),
        more: total > items.length ? t("email:digest.more", { count: total - items.length }) : undefined,
      });
    }
    const count = (p.needTotal ?? 0) + (p.offerTotal ?? 0) || p.items.length;
    return {
      ...base(ctx, t(`email:digest.subject_${frequency}`, { count }), t(`email:digest.heading_${frequency}`)),
      greeting: undefined,
      linkFallback: undefined,
      paragraphs: [t("email:digest.intro")],
      sections,
      footer: [t("email:digest.why"), t("email:common.footer")],
      footerLinks: [
        { label: t("email:digest.preferences"), url: p.preferencesUrl },
        { label: t("email:digest.unsubscribe"), url: p.unsubscribeUrl },
      ],
    };
  },
  urgent_need: (p, ctx) => {
    const v = { country: countryName(p.countryCode, ctx.locale), needTitle: p.needTitle };
    return {
      ...base(ctx, ctx.t("email:urgent_need.subject", v), ctx.t("email:urgent_need.heading")),
      paragraphs: [ctx.t("email:urgent_need.body", v)],
      action: { label: ctx.t("email:urgent_need.action"), url: p.needUrl },
      footer: [ctx.t("email:urgent_need.why"), ctx.t("email:common.footer")],
      footerLinks: [
        { label: ctx.t("email:digest.preferences"), url: p.preferencesUrl },
        { label: ctx.t("email:digest.unsubscribe"), url: p.unsubscribeUrl },
      ],
    };
  },
};
