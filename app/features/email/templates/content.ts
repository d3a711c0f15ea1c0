// What each email says, per template, from its catalog parameters (non-confidential by construction:
// see catalog.ts). Countries, categories and dates are written in the reader's language.
import type { TFunction } from "i18next";
import { categories } from "~/features/taxonomy/reference-data";
import type { Locale } from "~/i18n/config";
import { countryArgs } from "~/i18n/countries";
import { countryName, formatDate, formatDateTime } from "~/i18n/format";
import type { EmailParams, EmailTemplate } from "../catalog";
import type { EmailContent, EmailSection } from "./layout";

/** `timeZone`: the recipient's; every moment in an email is written in it, with the zone named. */
type Ctx = { t: TFunction; locale: Locale; timeZone: string };

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

type CallParams = EmailParams<"call_invitation"> &
  Partial<Pick<EmailParams<"call_reminder">, "answer" | "hours">>;

/**
 * Every call email: when (in the reader's zone, named, and the duration), where (place, meeting link),
 * RSVP links that work without signing in, and the link to the call (a guest's own magic link).
 */
function callEmail(key: string, p: CallParams, ctx: Ctx): EmailContent {
  const { t, locale } = ctx;
  const country = countryName(p.countryCode, locale);
  const title = p.title || t("email:call.defaultTitle", { country });
  const v = {
    ...countryArgs(p.countryCode, locale),
    title,
    date: formatDateTime(p.startsAt, locale, ctx.timeZone, "long"),
  };
  const where = [
    t("email:call.when", { date: v.date, count: p.durationMinutes }),
    p.place ? t("email:call.place", { place: p.place }) : null,
    p.meetingUrl ? t("email:call.meetingUrl", { url: p.meetingUrl }) : null,
  ].filter((x): x is string => !!x);
  const rsvpUrl = (p as { rsvpUrl?: string }).rsvpUrl;
  const answers = ["yes", "maybe", "no"] as const;
  return {
    ...base(ctx, t(`email:${key}.subject`, v), t(`email:${key}.heading`, v)),
    paragraphs: [t(`email:${key}.body`, v), ...where],
    sections: rsvpUrl
      ? [
          {
            title: p.answer
              ? t("email:call.rsvpChange", { answer: t(`email:call.answer.${p.answer}`) })
              : t("email:call.rsvp"),
            items: answers.map((a) => ({
              title: t(`email:call.rsvpAnswer.${a}`),
              url: `${rsvpUrl}?answer=${a}`,
              meta: "",
            })),
          },
        ]
      : undefined,
    action: { label: t(p.guest ? "email:call.openGuest" : "email:call.open"), url: p.callUrl },
    notes: [
      t(key === "call_cancelled" ? "email:call.calendarCancel" : "email:call.calendar"),
      ...(p.guest ? [t("email:call.guestNote")] : []),
    ],
  };
}

export const builders: Builders = {
  application_question: (p, ctx) => ({
    ...base(
      ctx,
      ctx.t("email:application_question.subject", { organisationName: p.organisationName }),
      ctx.t("email:application_question.heading"),
    ),
    paragraphs: [
      ctx.t("email:application_question.body", { organisationName: p.organisationName }),
      p.question,
    ],
    action: { label: ctx.t("email:application_question.action"), url: p.answerUrl },
    notes: [ctx.t("email:application_question.note")],
  }),
  application_declined: (p, ctx) => ({
    ...base(
      ctx,
      ctx.t("email:application_declined.subject", { organisationName: p.organisationName }),
      ctx.t("email:application_declined.heading"),
    ),
    paragraphs: [
      ctx.t("email:application_declined.body", { organisationName: p.organisationName }),
      p.reason,
    ],
  }),
  organisation_revet_due: simple<"organisation_revet_due">(
    "organisation_revet_due",
    (p) => p.organisationUrl,
    (p) => ({ organisationName: p.organisationName }),
  ),
  invitation: (p, ctx) => {
    const v = {
      inviterName: p.inviterName,
      organisationName: p.organisationName,
      date: formatDate(p.expiresAt, ctx.locale, "long", ctx.timeZone),
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
  password_reset_no_account: (p, ctx) => ({
    ...base(
      ctx,
      ctx.t("email:password_reset_no_account.subject"),
      ctx.t("email:password_reset_no_account.heading"),
    ),
    paragraphs: [ctx.t("email:password_reset_no_account.body")],
    action: { label: ctx.t("email:password_reset_no_account.action"), url: p.signInUrl },
    notes: [ctx.t("email:common.ignore")],
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
      ...countryArgs(p.countryCode, ctx.locale),
      category: categoryLabel(p.categoryId, ctx.locale),
      date: formatDate(p.respondBy, ctx.locale, "long", ctx.timeZone),
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
      date: formatDate(p.respondBy, ctx.locale, "long", ctx.timeZone),
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
    (p, ctx) => countryArgs(p.countryCode, ctx.locale),
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
  new_message: simple<"new_message">("new_message", (p) => p.threadUrl),
  engagement_feedback_request: simple<"engagement_feedback_request">(
    "engagement_feedback_request",
    (p) => p.engagementUrl,
    (p) => ({
      needTitle: p.needTitle,
    }),
  ),
  engagement_close_requested: simple<"engagement_close_requested">(
    "engagement_close_requested",
    (p) => p.engagementUrl,
    (p, ctx) => ({ needTitle: p.needTitle, outcome: ctx.t(`email:engagement_outcome.${p.outcome}`) }),
  ),
  engagement_close_declined: simple<"engagement_close_declined">(
    "engagement_close_declined",
    (p) => p.engagementUrl,
    (p, ctx) => ({ needTitle: p.needTitle, outcome: ctx.t(`email:engagement_outcome.${p.outcome}`) }),
  ),
  call_invitation: (p, ctx) => callEmail("call_invitation", p, ctx),
  call_updated: (p, ctx) => callEmail("call_updated", p, ctx),
  call_cancelled: (p, ctx) => callEmail("call_cancelled", p, ctx),
  call_reminder: (p, ctx) => callEmail(p.hours === 1 ? "call_reminder_1h" : "call_reminder_24h", p, ctx),
  action_reminder: (p, ctx) => {
    const v = { title: p.title, date: formatDate(p.dueOn, ctx.locale, "long") };
    const key = `email:action_reminder.${p.state}`;
    return {
      ...base(ctx, ctx.t(`${key}.subject`, v), ctx.t(`${key}.heading`)),
      paragraphs: [ctx.t(`${key}.body`, v)],
      action: { label: ctx.t("email:action_reminder.action"), url: p.actionsUrl },
    };
  },
  digest: (p, ctx) => {
    const { t, locale } = ctx;
    const frequency = p.period.startsWith("daily:") ? "daily" : "weekly";
    const meta = (item: (typeof p.items)[number]) =>
      [
        item.resourceKind ? t(`email:digest.kind.${item.resourceKind}`) : null,
        item.countryCode ? countryName(item.countryCode, locale) : null,
        item.urgency ? t(`email:urgency.${item.urgency}`) : null,
      ]
        .filter(Boolean)
        .join(" · ");
    const sections: EmailSection[] = [];
    const totals = { need: p.needTotal, offer: p.offerTotal, resource: p.resourceTotal };
    const titles = {
      need: "email:digest.needs",
      offer: "email:digest.offers",
      resource: "email:digest.resources",
    };
    for (const kind of ["need", "offer", "resource"] as const) {
      const items = p.items.filter((i) => i.kind === kind);
      const total = totals[kind] ?? items.length;
      if (!items.length) continue;
      sections.push({
        title: t(titles[kind]),
        items: items.map((i) => ({ title: i.title, url: i.url, meta: meta(i) })),
        more: total > items.length ? t("email:digest.more", { count: total - items.length }) : undefined,
      });
    }
    const count = (p.needTotal ?? 0) + (p.offerTotal ?? 0) + (p.resourceTotal ?? 0) || p.items.length;
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
  legislation_stage_changed: (p, ctx) => {
    const { t, locale } = ctx;
    const v = {
      title: p.title,
      country: countryName(p.countryCode, locale),
      kind: t(`legislation:kind.${p.kind}`),
      stage: t(`legislation:stage.${p.stage}`),
      fromStage: p.fromStage ? t(`legislation:stage.${p.fromStage}`) : "",
      direction: t(`legislation:direction.${p.direction}`),
      // A calendar date (no time of day): written as such, not moved into a zone.
      date: formatDate(`${p.occurredOn}T12:00:00Z`, locale, "long", "UTC"),
    };
    return {
      ...base(ctx, t("legislation:email.subject", v), t("legislation:email.heading", v)),
      paragraphs: [
        t(p.fromStage ? "legislation:email.moved" : "legislation:email.tracked", v),
        t("legislation:email.direction", v),
      ],
      action: { label: t("legislation:email.action"), url: p.legislationUrl },
      footer: [t("legislation:email.why", v), t("email:common.footer")],
      footerLinks: [{ label: t("legislation:email.unfollow", v), url: p.countryUrl }],
    };
  },
  urgent_need: (p, ctx) => {
    const v = { ...countryArgs(p.countryCode, ctx.locale), needTitle: p.needTitle };
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
