// /proposals/:id — one proposal for an expert organisation. Before acceptance: the need's summary and
// the coalition's country (its name unless anonymised); on acceptance (conflict-of-interest and
// confidentiality undertakings) the details and the coalition's contacts open, and every view of them
// is audited.
import { ErrorList } from "~/components/form-fields";
import { useReaderZone } from "~/root";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect } from "react-router";
import { expertVisibleStatuses, showCoalitionContacts } from "~/features/auth/policy";
import { threadOfProposal } from "~/features/conversations/index.server";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import type { Locale } from "~/i18n/config";
import { countryArgs } from "~/i18n/countries";
import { countryName, formatDate, formatDateTime } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { StatusBadge, fieldErrorsOf } from "~/components/action-ui";
import { ContactList, NeedText, RequiredTextArea, WorkPageHead } from "~/components/work-panels";
import { expertResponseSchema } from "../schemas";
import { refusalResponse } from "~/utils/lifecycle/respond.server";
import { MatchReasonList, storedReasons } from "~/features/matching";
import { reasonTopicLabels } from "~/features/matching/index.server";
import { getLocale } from "~/i18n/i18n.server";
import { readNeedDetails } from "~/features/needs/index.server";
import { acceptProposal, declineProposalAsExpert } from "../services/expert.server";
import { replyByOf } from "../services/proposal-steps.server";
import { ConfirmLink, ConfirmPanel, useConfirming } from "~/components/confirm-step";
import type { Route } from "./+types/proposal";

async function loadForExpert(request: Request, proposalId: string) {
  const ctx = await requireUser(request);
  const proposal = await db().proposal.findUnique({
    where: { id: proposalId },
    select: {
      id: true,
      status: true,
      reviewedAt: true,
      expiresAt: true,
      respondedAt: true,
      declineReason: true,
      closedReason: true,
      coalitionDeclineReason: true,
      expertOrganisationId: true,
      breakdown: true,
      offer: { select: { id: true, title: true } },
      engagement: { select: { id: true } },
      needId: true,
    },
  });
  // Only the expert organisation, and only once the secretariat approved the pair.
  if (
    !proposal ||
    !ctx.viewer.memberships.some((m) => m.organisationId === proposal.expertOrganisationId) ||
    !proposal.reviewedAt ||
    !expertVisibleStatuses.includes(proposal.status)
  ) {
    throw notFound();
  }
  return { ctx, proposal };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, proposal } = await loadForExpert(request, params.id);
  // The one reader of a need's details (needs' public surface): the policy decides (summary once the
  // secretariat approved the pair, details after acceptance), the text opens and the view is audited only
  // then. A closed or expired proposal on a need the expert may no longer see: its status and reason only.
  const { need, access } = await readNeedDetails(
    ctx.viewer,
    proposal.needId,
    {
      via: "proposal",
      ip: clientIp(context),
      organisationId: proposal.expertOrganisationId,
      metadata: { proposalId: proposal.id },
    },
    { require: "nothing" },
  );
  let contacts: Array<{ name: string; email: string }> = [];
  const thread = await threadOfProposal(proposal.id);
  // Contacts only when the coalition chose to share them; the conversation is the default channel.
  if (need && showCoalitionContacts(access, need)) {
    const members = await db().membership.findMany({
      where: { organisationId: need.organisationId, user: { deletedAt: null } },
      select: { user: { select: { name: true, email: true } } },
      orderBy: { createdAt: "asc" },
      take: 20,
    });
    contacts = members.map((m) => m.user);
  }
  const reasons = storedReasons(proposal.breakdown);
  return {
    topicLabels: await reasonTopicLabels([reasons], getLocale(request, ctx.user.locale)),
    proposal: {
      id: proposal.id,
      status: proposal.status,
      expiresAt: replyByOf(proposal),
      declineReason: proposal.declineReason,
      closedReason: proposal.closedReason,
      offerTitle: proposal.offer.title,
      engagementId: proposal.engagement?.id ?? null,
      // Banded reasons only: the numbers behind them are the secretariat's.
      reasons,
    },
    threadId: thread?.id ?? null,
    need: need && {
      id: need.id,
      title: need.title,
      summary: need.summary,
      details: need.details,
      outcomeWanted: need.outcomeWanted,
      coalitionName: need.coalitionName,
      countryCode: need.countryCode,
      categoryId: need.categoryId,
      urgency: need.urgency,
      wantedBy: need.wantedBy,
      effortHours: need.effortHours,
      format: need.format,
    },
    full: access.level === "full",
    contacts,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, proposal } = await loadForExpert(request, params.id);
  const submission = parseWithZod(await readForm(request), { schema: expertResponseSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const actor = { viewer: ctx.viewer, ip: clientIp(context) };
  const value = submission.value;
  try {
    if (value.intent === "accept") {
      await db().$transaction((tx) =>
        acceptProposal(tx, actor, proposal.id, {
          conflictConfirmed: value.conflictConfirmed,
          confidentialityAccepted: value.confidentialityAccepted,
        }),
      );
    } else {
      await db().$transaction((tx) => declineProposalAsExpert(tx, actor, proposal.id, value.reason));
    }
  } catch (error) {
    return refusalResponse(error);
  }
  return redirect(`/proposals/${proposal.id}?done=${value.intent === "accept" ? "accepted" : "declined"}`);
}

export default function ProposalPage({ loaderData, actionData }: Route.ComponentProps) {
  const declining = useConfirming("decline");
  const zone = useReaderZone();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { proposal, need, full, contacts } = loaderData;
  const errors = fieldErrorsOf(actionData);
  if (!need) {
    return (
      <section aria-labelledby="proposal-title" className="space-y-4">
        <p>
          <Link to="/proposals">{t("review:proposals.back")}</Link>
        </p>
        <h1 id="proposal-title">{t("review:proposals.unavailable")}</h1>
        <p>
          <StatusBadge ns="review" status={proposal.status} />
        </p>
        {proposal.closedReason ? (
          <p>{t(`review:closedReason.${proposal.closedReason}`, { defaultValue: "" })}</p>
        ) : null}
        <p>{t("review:proposal.noLongerVisible")}</p>
      </section>
    );
  }
  const country = countryName(need.countryCode, locale);
  return (
    <section aria-labelledby="proposal-title" className="space-y-4">
      <WorkPageHead
        back="/proposals"
        backLabel={t("review:proposals.back")}
        titleId="proposal-title"
        title={need.title}
        ns="review"
        actionData={actionData}
      />
      <p className="flex flex-wrap gap-2">
        <StatusBadge ns="review" status={proposal.status} />
        <span>
          {need.coalitionName ?? t("review:proposals.aCoalitionIn", countryArgs(need.countryCode, locale))}
        </span>
        <span>· {country}</span>
        <span>· {t(`review:category.${need.categoryId}`, { defaultValue: need.categoryId })}</span>
        <span>· {t(`review:urgency.${need.urgency}`)}</span>
        {need.wantedBy ? (
          <span>· {t("review:queue.wantedBy", { date: formatDate(need.wantedBy, locale) })}</span>
        ) : null}
      </p>
      <p>
        {t("review:proposal.offer")}: {proposal.offerTitle}
      </p>
      <MatchReasonList reasons={proposal.reasons} topicLabels={loaderData.topicLabels} />
      <NeedText need={need} keys="review:proposal" heading="h2" full={full} />
      {full ? (
        <>
          <p>
            <Link to={`/needs/${need.id}/documents`}>{t("conversations:workspace.documents")}</Link>
          </p>
          <h2>{t("review:proposal.contacts")}</h2>
          {contacts.length ? (
            <ContactList people={contacts} />
          ) : (
            <p>{t("conversations:workspace.contactsHidden")}</p>
          )}
        </>
      ) : (
        <p className="card">{t("review:proposal.stagedDisclosure")}</p>
      )}
      {loaderData.threadId ? (
        <p>
          <Link to={`/threads/${loaderData.threadId}`} data-testid="proposal-thread">
            {t("conversations:questions.open")}
          </Link>
        </p>
      ) : proposal.status === "approved" ? (
        <p>
          <Link to={`/proposals/${proposal.id}/questions`} className="btn btn-secondary">
            {t("conversations:questions.link")}
          </Link>
        </p>
      ) : null}
      {proposal.engagementId ? (
        <p>
          <Link to={`/engagements/${proposal.engagementId}`}>{t("review:proposal.openEngagement")}</Link>
        </p>
      ) : null}
      {proposal.closedReason ? (
        <p>{t(`review:closedReason.${proposal.closedReason}`, { defaultValue: proposal.closedReason })}</p>
      ) : null}
      {proposal.status === "approved" ? (
        <div className="grid gap-6 md:grid-cols-2">
          <Form method="post" className="card space-y-3" aria-labelledby="accept-title">
            <h2 id="accept-title">{t("review:proposal.acceptTitle")}</h2>
            {proposal.expiresAt ? (
              <p>
                {t("review:proposals.respondBy", { date: formatDateTime(proposal.expiresAt, locale, zone) })}
              </p>
            ) : null}
            <input type="hidden" name="intent" value="accept" />
            <div>
              <input
                type="checkbox"
                id="conflictConfirmed"
                name="conflictConfirmed"
                required
                aria-invalid={errors.conflictConfirmed ? true : undefined}
                aria-describedby={errors.conflictConfirmed ? "conflictConfirmed-error" : undefined}
              />{" "}
              <label htmlFor="conflictConfirmed">{t("review:proposal.conflict")}</label>
              <ErrorList id="conflictConfirmed-error" errors={errors.conflictConfirmed} />
            </div>
            <div>
              <input
                type="checkbox"
                id="confidentialityAccepted"
                name="confidentialityAccepted"
                required
                aria-invalid={errors.confidentialityAccepted ? true : undefined}
                aria-describedby={
                  errors.confidentialityAccepted ? "confidentialityAccepted-error" : undefined
                }
              />{" "}
              <label htmlFor="confidentialityAccepted">{t("review:proposal.confidentiality")}</label>
              <ErrorList id="confidentialityAccepted-error" errors={errors.confidentialityAccepted} />
            </div>
            <button type="submit" className="btn">
              {t("review:actions.accept")}
            </button>
          </Form>
          {declining ? (
            <ConfirmPanel
              action="decline"
              title={t("home:confirm.decline.title")}
              warning={t("home:confirm.decline.warning")}
              cancelLabel={t("home:confirm.cancel")}
            >
              <Form method="post" className="space-y-3" aria-labelledby="decline-title">
                <h2 id="decline-title">{t("review:proposal.declineTitle")}</h2>
                <input type="hidden" name="intent" value="decline" />
                <RequiredTextArea
                  id="decline-reason"
                  name="reason"
                  label={t("review:proposal.declineReason")}
                  errors={errors.reason}
                  rows={3}
                  maxLength={2000}
                />
                <button type="submit" className="btn btn-secondary">
                  {t("review:actions.decline")}
                </button>
              </Form>
            </ConfirmPanel>
          ) : (
            <p>
              <ConfirmLink action="decline" className="btn btn-secondary">
                {t("home:confirm.decline.link")}
              </ConfirmLink>
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
