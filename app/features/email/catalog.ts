// Every email Puente sends, with the parameters its template needs. Parameters are links and
// non-confidential facts only: an email never carries a need's details, it links back to the platform.
// Links that carry a secret token (invitation, verification, reset) are wiped from the stored
// EmailMessage once the mail is sent (see `secretParams`).
import { z } from "zod";

const url = z.string().url();
const text = z.string().max(300);

const callParams = {
  /** The call's page for members; a guest's magic link (a secret) for guests. */
  callUrl: url,
  title: text,
  countryCode: z.string().length(2),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  timeZone: z.string().max(64),
  meetingUrl: url.optional(),
  place: text.optional(),
  guest: z.boolean().optional(),
};

export const emailTemplates = {
  invitation: z.object({ inviteUrl: url, organisationName: text, inviterName: text, expiresAt: z.string() }),
  email_verification: z.object({ verifyUrl: url, name: text }),
  email_change: z.object({ verifyUrl: url, name: text }),
  password_reset: z.object({ resetUrl: url, name: text, expiresInMinutes: z.number().int() }),
  /** A reset asked for an address with no account: same work as a real one (issue 15), no link that opens anything. */
  password_reset_no_account: z.object({ signInUrl: url }),
  need_triaged: z.object({
    needUrl: url,
    needTitle: text,
    outcome: z.enum(["open", "needs_info", "declined"]),
  }),
  proposal_to_expert: z.object({
    proposalUrl: url,
    countryCode: z.string().length(2),
    categoryId: text,
    respondBy: z.string(),
  }),
  proposal_reminder: z.object({ proposalUrl: url, respondBy: z.string() }),
  proposal_expired: z.object({ reviewUrl: url, needTitle: text, expertName: text }),
  proposal_accepted: z.object({ needUrl: url, needTitle: text, expertName: text }),
  proposal_closed: z.object({ proposalsUrl: url, countryCode: z.string().length(2) }),
  engagement_confirmed: z.object({ engagementUrl: url, needTitle: text }),
  engagement_stalled: z.object({ engagementUrl: url, needTitle: text, days: z.number().int() }),
  engagement_problem: z.object({ engagementUrl: url, needTitle: text }),
  /** After a close, to both sides: rate the engagement (read by the secretariat only). */
  engagement_feedback_request: z.object({ engagementUrl: url, needTitle: text }),
  /** To the other side: one side asked to close the engagement with this outcome; confirm or decline. */
  engagement_close_requested: z.object({
    engagementUrl: url,
    needTitle: text,
    outcome: z.enum(["achieved", "partly_achieved", "not_achieved", "cancelled"]),
  }),
  /** To the side that asked: its request to close was declined (the note is on the platform). */
  engagement_close_declined: z.object({
    engagementUrl: url,
    needTitle: text,
    outcome: z.enum(["achieved", "partly_achieved", "not_achieved", "cancelled"]),
  }),
  /** A new message in a conversation: a link and nothing else (no title, no name, no content). */
  new_message: z.object({ threadUrl: url }),
  // Coordination calls: times are written in the recipient's `timeZone`, with the zone named. The calendar
  // file travels as an attachment written by the coordination feature when it queues the email.
  call_invitation: z.object(callParams).extend({ rsvpUrl: url.optional() }),
  /** The call changed (time, place, link, title): a new REQUEST with a higher SEQUENCE. */
  call_updated: z.object(callParams).extend({ rsvpUrl: url.optional() }),
  /** Sent to the same people when the call is cancelled; its calendar file removes the event (METHOD:CANCEL). */
  call_cancelled: z.object(callParams),
  call_reminder: z.object(callParams).extend({
    rsvpUrl: url.optional(),
    hours: z.union([z.literal(24), z.literal(1)]),
    answer: z.enum(["yes", "no", "maybe"]).optional(),
  }),
  /** To an action's owner: due within days, or overdue. */
  action_reminder: z.object({
    actionsUrl: url,
    title: text,
    dueOn: z.string(),
    state: z.enum(["due_soon", "overdue"]),
  }),
  digest: z.object({
    period: text,
    preferencesUrl: url,
    unsubscribeUrl: url,
    items: z
      .array(
        z.object({
          kind: z.enum(["need", "offer", "resource"]),
          title: text,
          url,
          countryCode: z.string().nullable(),
          urgency: z.string().nullable(),
          /** Resources: their category (guide, model law…). */
          resourceKind: z.string().max(40).optional(),
        }),
      )
      .max(200),
    /** How many new needs / offers there were in all (the email lists the first ones and links to the rest). */
    needTotal: z.number().int().min(0).optional(),
    offerTotal: z.number().int().min(0).optional(),
    resourceTotal: z.number().int().min(0).optional(),
  }),
  /** To an applicant (no account yet): the secretariat's question and the secret link to answer it. */
  application_question: z.object({
    answerUrl: url,
    organisationName: text,
    question: z.string().max(2000),
  }),
  /** To an applicant: the application was declined, with the secretariat's reason. */
  application_declined: z.object({ organisationName: text, reason: z.string().max(2000) }),
  /** To the secretariat: an organisation is due for vetting again. */
  organisation_revet_due: z.object({ organisationUrl: url, organisationName: text }),
  /** To a country's followers: a tracked bill, law or decree entered the tracker or changed stage (public facts). */
  legislation_stage_changed: z.object({
    legislationUrl: url,
    countryUrl: url,
    title: text,
    countryCode: z.string().length(2),
    kind: z.enum(["bill", "law", "decree"]),
    direction: z.enum(["closing", "opening"]),
    stage: z.enum(["proposed", "in_parliament", "adopted", "in_force", "challenged", "struck_down"]),
    fromStage: z
      .enum(["proposed", "in_parliament", "adopted", "in_force", "challenged", "struck_down"])
      .optional(),
    occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  urgent_need: z.object({
    needUrl: url,
    needTitle: text,
    countryCode: z.string().length(2),
    preferencesUrl: url,
    unsubscribeUrl: url,
  }),
} as const;

export type EmailTemplate = keyof typeof emailTemplates;
export type EmailParams<T extends EmailTemplate> = z.infer<(typeof emailTemplates)[T]>;

/** Parameters holding single-use secrets: removed from the database after sending. */
export const secretParams: Partial<Record<EmailTemplate, string[]>> = {
  invitation: ["inviteUrl"],
  email_verification: ["verifyUrl"],
  email_change: ["verifyUrl"],
  password_reset: ["resetUrl"],
  application_question: ["answerUrl"],
  // A guest's magic link and RSVP links work without signing in.
  call_invitation: ["callUrl", "rsvpUrl"],
  call_updated: ["callUrl", "rsvpUrl"],
  call_cancelled: ["callUrl"],
  call_reminder: ["callUrl", "rsvpUrl"],
};
