// /engagements/:id — the shared workspace: the need's details and both organisations' contacts (both
// sides and the secretariat only; every view audited), the timeline of updates, status and the forms to
// add an update, flag a problem, ask to close with the outcome (the other side or the secretariat
// confirms or declines, the side that asked may withdraw: issue 21), and give feedback (read by the
// secretariat only). Every step that loses something is a confirmation page that works without JavaScript.
import { useReaderZone } from "~/root";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect } from "react-router";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { StatusBadge, fieldErrorsOf } from "~/components/action-ui";
import { ContactList, NeedText, RequiredTextArea, WorkPageHead } from "~/components/work-panels";
import { ErrorList } from "~/components/form-fields";
import { Pagination } from "~/components/pagination";
import { pageCount, pageParam } from "~/utils/pagination";
import { refusalResponse } from "~/utils/lifecycle/respond.server";
import {
  needField,
  needKeyForRead,
  needWithAccess,
  openNeedField,
  readNeedDetails,
} from "~/features/needs/index.server";
import type { Locale } from "~/i18n/config";
import { countryName, formatDate, formatDateTime, formatNumber } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { workspaceActionSchema } from "../schemas";
import { engagementOutcomes } from "../constants";
import { closeRequestRights } from "~/features/auth/policy";
import {
  answerCloseRequest,
  lastDeclinedCloseRequest,
  pendingCloseRequest,
  requestClose,
} from "../services/close-requests.server";
import {
  addEngagementUpdate,
  engagementSide,
  engagementSidesSelect,
  giveFeedback,
  shareCoalitionContacts,
} from "../services/engagements.server";
import { ConfirmLink, ConfirmPanel, useConfirming } from "~/components/confirm-step";
import { ResourceLinksPanel } from "~/features/resources";
import { resourceLinksView } from "~/features/resources/index.server";
import type { Route } from "./+types/workspace";

const UPDATES_PAGE_SIZE = 30;

/**
 * The engagement and the viewer's side (both sides and the secretariat; everyone else gets a 404). A side
 * uses the workspace only while the policy lets it read the need's details (needAccess "full", checked by
 * the loader and the action): the owning coalition, the secretariat, and the engaged expert while its
 * organisation is vetted — an expert organisation the secretariat no longer vets loses the workspace as it
 * loses the need page.
 */
async function loadEngagement(request: Request, id: string) {
  const ctx = await requireUser(request);
  const engagement = await db().engagement.findUnique({
    where: { id },
    select: engagementSidesSelect,
  });
  const side = engagement ? engagementSide(ctx.viewer, engagement) : null;
  if (!engagement || !side) throw notFound();
  return { ctx, engagement, side };
}

function sideOrganisation(
  side: "expert" | "coalition" | "secretariat",
  e: { expertOrganisationId: string; coalitionOrganisationId: string },
) {
  return side === "expert" ? e.expertOrganisationId : side === "coalition" ? e.coalitionOrganisationId : null;
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { ctx, engagement, side } = await loadEngagement(request, params.id);
  // The one reader of a need's details (needs' public surface): decided by the policy, audited there.
  const { need } = await readNeedDetails(
    ctx.viewer,
    engagement.needId,
    {
      via: "engagement",
      ip: clientIp(context),
      organisationId: sideOrganisation(side, engagement),
      metadata: { engagementId: engagement.id, side },
    },
    { require: "full" },
  );
  const page = pageParam(new URL(request.url));
  const [detail, updates, updateCount, hours, contacts, feedback] = await Promise.all([
    db().engagement.findUniqueOrThrow({
      where: { id: engagement.id },
      select: {
        id: true,
        status: true,
        startedAt: true,
        lastActivityAt: true,
        stalledAt: true,
        closedAt: true,
        outcome: true,
        outcomeNote: true,
        offer: { select: { title: true } },
        expertOrganisation: { select: { id: true, name: true } },
        coalitionOrganisation: { select: { id: true, name: true } },
        // The need's key opens the engagement's own sealed text (updates, outcome note, feedback).
        need: { select: { dataKeyId: true } },
      },
    }),
    db().engagementUpdate.findMany({
      where: { engagementId: engagement.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * UPDATES_PAGE_SIZE,
      take: UPDATES_PAGE_SIZE,
      select: {
        id: true,
        kind: true,
        body: true,
        hours: true,
        milestone: true,
        createdAt: true,
        author: { select: { name: true } },
        organisation: { select: { name: true } },
      },
    }),
    db().engagementUpdate.count({ where: { engagementId: engagement.id } }),
    db().engagementUpdate.aggregate({ where: { engagementId: engagement.id }, _sum: { hours: true } }),
    db().membership.findMany({
      where: {
        organisationId: { in: [engagement.expertOrganisationId, engagement.coalitionOrganisationId] },
        user: { deletedAt: null },
      },
      orderBy: { createdAt: "asc" },
      take: 40,
      select: { organisationId: true, user: { select: { name: true, email: true } } },
    }),
    db().engagementFeedback.findMany({
      where: { engagementId: engagement.id },
      select: {
        id: true,
        organisationId: true,
        rating: true,
        comment: true,
        createdAt: true,
        organisation: { select: { name: true } },
      },
    }),
  ]);
  // Confidential text opens here, after the policy said the side may read the need's details.
  const key = await needKeyForRead(db(), detail.need.dataKeyId);
  const opened = {
    ...detail,
    // What the workspace shows of the need, and no more.
    need: {
      id: need.id,
      shareContacts: need.shareContacts,
      title: need.title,
      summary: need.summary,
      details: need.details,
      outcomeWanted: need.outcomeWanted,
      confidentialDestroyedAt: need.confidentialDestroyedAt,
      countryCode: need.countryCode,
      categoryId: need.categoryId,
      wantedBy: need.wantedBy,
    },
    outcomeNote: openNeedField(key, detail.outcomeNote, needField("Engagement", detail.id, "outcomeNote")),
  };
  const openedUpdates = updates.map((u) => ({
    ...u,
    body: openNeedField(key, u.body, needField("EngagementUpdate", u.id, "body")),
    milestone: openNeedField(key, u.milestone, needField("EngagementUpdate", u.id, "milestone")),
  }));
  const ownSideOrg = sideOrganisation(side, engagement);
  // Resources of the learning exchange linked from this engagement (both sides and the secretariat link).
  const resourceLinks = await resourceLinksView(ctx.viewer, { type: "engagement", id: engagement.id });
  // Closing is agreed: the pending request (if any) and what this viewer may do with it (policy).
  const [closeRequest, lastDeclined] = await Promise.all([
    pendingCloseRequest(db(), engagement.id),
    lastDeclinedCloseRequest(db(), engagement.id),
  ]);
  const closeRights = closeRequestRights(ctx.viewer, engagement, closeRequest);
  return {
    resourceLinks,
    closeRequest,
    lastDeclined: closeRequest ? null : lastDeclined,
    closeRights,
    engagement: opened,
    side,
    updates: openedUpdates,
    page,
    pages: pageCount(updateCount, UPDATES_PAGE_SIZE),
    updateCount,
    hoursTotal: hours._sum.hours ?? 0,
    // The conversation is the default channel; the coalition's addresses are shown to the expert only
    // when it chose to share them (policy.ts showCoalitionContacts). The expert's are always shown.
    contacts: {
      expert: contacts.filter((c) => c.organisationId === engagement.expertOrganisationId).map((c) => c.user),
      coalition:
        side !== "expert" || need.shareContacts
          ? contacts.filter((c) => c.organisationId === engagement.coalitionOrganisationId).map((c) => c.user)
          : [],
    },
    contactsShared: need.shareContacts,
    // Feedback is read by the secretariat only; a side learns only whether it gave its own.
    feedback:
      side === "secretariat"
        ? feedback.map(({ id, ...f }) => ({
            ...f,
            comment: openNeedField(key, f.comment, needField("EngagementFeedback", id, "comment")),
          }))
        : [],
    ownFeedbackGiven: ownSideOrg ? feedback.some((f) => f.organisationId === ownSideOrg) : false,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, engagement } = await loadEngagement(request, params.id);
  await needWithAccess(ctx.viewer, engagement.needId, { require: "full" });
  const submission = parseWithZod(await readForm(request), { schema: workspaceActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const actor = { viewer: ctx.viewer, ip: clientIp(context) };
  const value = submission.value;
  try {
    await db().$transaction(async (tx) => {
      switch (value.intent) {
        case "update":
          return addEngagementUpdate(tx, actor, engagement.id, {
            kind: "progress",
            body: value.body,
            hours: value.hours ?? null,
            milestone: value.milestone ?? null,
          });
        case "problem":
          return addEngagementUpdate(tx, actor, engagement.id, { kind: "problem", body: value.body });
        case "close":
          return requestClose(tx, actor, engagement.id, {
            outcome: value.outcome,
            note: value.note ?? null,
          });
        case "confirm_close":
          return answerCloseRequest(tx, actor, engagement.id, value.requestId, "confirm");
        case "decline_close":
          return answerCloseRequest(tx, actor, engagement.id, value.requestId, "decline", {
            note: value.note,
          });
        case "withdraw_close":
          return answerCloseRequest(tx, actor, engagement.id, value.requestId, "withdraw");
        case "feedback":
          return giveFeedback(tx, actor, engagement.id, {
            rating: value.rating,
            comment: value.comment ?? null,
          });
        case "share_contacts":
          return shareCoalitionContacts(tx, actor, engagement.id, value.share === "yes");
      }
    });
  } catch (error) {
    return refusalResponse(error);
  }
  const done = {
    update: "update_added",
    problem: "problem_flagged",
    close: "close_requested",
    confirm_close: "closed",
    decline_close: "close_declined",
    withdraw_close: "close_withdrawn",
    feedback: "feedback_given",
    share_contacts: "contacts_changed",
  }[value.intent];
  return redirect(`/engagements/${engagement.id}?done=${done}`);
}

export default function Workspace({ loaderData, actionData }: Route.ComponentProps) {
  const closing = useConfirming("close");
  const confirmingClose = useConfirming("confirm_close");
  const decliningClose = useConfirming("decline_close");
  const zone = useReaderZone();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { engagement: e, side, updates, contacts, closeRequest, closeRights, lastDeclined } = loaderData;
  const errors = fieldErrorsOf(actionData);
  const active = e.status === "active";
  const canWrite = side === "expert" || side === "coalition";
  return (
    <section aria-labelledby="workspace-title" className="space-y-6">
      <WorkPageHead
        back="/engagements"
        backLabel={t("engagements:workspace.back")}
        titleId="workspace-title"
        title={e.need.title}
        ns="engagements"
        actionData={actionData}
      />
      <p className="flex flex-wrap gap-2">
        <StatusBadge ns="engagements" status={e.status} />
        {e.stalledAt && active ? <span className="badge">{t("engagements:stalled")}</span> : null}
        {e.outcome ? <span>{t(`engagements:outcome.${e.outcome}`)}</span> : null}
        <span>
          · {t("engagements:workspace.started", { date: formatDate(e.startedAt, locale, "medium", zone) })}
        </span>
        <span>
          ·{" "}
          {t("engagements:workspace.hoursLogged", {
            hours: formatNumber(loaderData.hoursTotal, locale, { maximumFractionDigits: 1 }),
          })}
        </span>
      </p>
      <nav aria-label={t("conversations:workspace.messages")} className="card flex flex-wrap gap-4">
        <Link to={`/engagements/${e.id}/messages`} className="btn" data-testid="engagement-messages">
          {t("conversations:workspace.messages")}
        </Link>
        <Link to={`/engagements/${e.id}/documents`} className="btn btn-secondary">
          {t("conversations:workspace.documents")}
        </Link>
        <p className="text-sm">{t("conversations:workspace.messagesHint")}</p>
      </nav>
      {closeRequest ? (
        <section
          aria-labelledby="close-request-title"
          className="card space-y-2 border-2 border-amber-700"
          data-testid="close-request"
        >
          <h2 id="close-request-title">
            {t("engagements:closeRequest.title", {
              organisation:
                closeRequest.side === "expert" ? e.expertOrganisation.name : e.coalitionOrganisation.name,
            })}
          </h2>
          <p>
            {t("engagements:closeRequest.by", {
              name: closeRequest.requestedByName,
              date: formatDateTime(closeRequest.createdAt, locale, zone),
            })}
          </p>
          <p>
            {t("engagements:workspace.outcome")}:{" "}
            <strong>{t(`engagements:outcome.${closeRequest.outcome}`)}</strong>
          </p>
          {closeRequest.note ? (
            <p className="whitespace-pre-wrap">
              {t("engagements:workspace.outcomeNote")}: {closeRequest.note}
            </p>
          ) : null}
          <p className="text-sm">
            {closeRights.answer
              ? t("engagements:closeRequest.yourAnswer")
              : closeRights.withdraw
                ? t("engagements:closeRequest.waitingOther")
                : t("engagements:closeRequest.waiting")}
          </p>
          {closeRights.withdraw ? (
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw_close" />
              <input type="hidden" name="requestId" value={closeRequest.id} />
              <button type="submit" className="btn btn-secondary">
                {t("engagements:closeRequest.withdraw")}
              </button>
            </Form>
          ) : null}
          {closeRights.answer && confirmingClose ? (
            <ConfirmPanel
              action="confirm_close"
              title={t("engagements:closeRequest.confirmTitle")}
              warning={t("engagements:closeRequest.confirmWarning", {
                outcome: t(`engagements:outcome.${closeRequest.outcome}`),
              })}
              cancelLabel={t("home:confirm.cancel")}
            >
              <Form method="post">
                <input type="hidden" name="intent" value="confirm_close" />
                <input type="hidden" name="requestId" value={closeRequest.id} />
                <button type="submit" className="btn">
                  {t("engagements:closeRequest.confirm")}
                </button>
              </Form>
            </ConfirmPanel>
          ) : null}
          {closeRights.answer && decliningClose ? (
            <ConfirmPanel
              action="decline_close"
              title={t("engagements:closeRequest.declineTitle")}
              warning={t("engagements:closeRequest.declineWarning")}
              cancelLabel={t("home:confirm.cancel")}
            >
              <Form method="post" className="space-y-2">
                <input type="hidden" name="intent" value="decline_close" />
                <input type="hidden" name="requestId" value={closeRequest.id} />
                <RequiredTextArea
                  id="decline-note"
                  name="note"
                  label={t("engagements:closeRequest.declineNote")}
                  errors={errors.note}
                  rows={3}
                  maxLength={5000}
                />
                <button type="submit" className="btn btn-danger">
                  {t("engagements:closeRequest.decline")}
                </button>
              </Form>
            </ConfirmPanel>
          ) : null}
          {closeRights.answer && !confirmingClose && !decliningClose ? (
            <p className="flex flex-wrap gap-2">
              <ConfirmLink action="confirm_close" className="btn">
                {t("engagements:closeRequest.confirmLink")}
              </ConfirmLink>
              <ConfirmLink action="decline_close" className="btn btn-secondary">
                {t("engagements:closeRequest.declineLink")}
              </ConfirmLink>
            </p>
          ) : null}
        </section>
      ) : null}
      {lastDeclined && active ? (
        <p className="card" data-testid="close-declined">
          {t("engagements:closeRequest.declined", {
            name: lastDeclined.answeredByName ?? "",
            date: lastDeclined.answeredAt ? formatDateTime(lastDeclined.answeredAt, locale, zone) : "",
          })}{" "}
          {lastDeclined.answerNote ? (
            <span className="whitespace-pre-wrap">{lastDeclined.answerNote}</span>
          ) : null}
        </p>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2">
        <div className="card space-y-2">
          <h2>{t("engagements:workspace.need")}</h2>
          <p>
            {countryName(e.need.countryCode, locale)} · {e.offer.title}
          </p>
          <NeedText
            need={e.need}
            keys="engagements:workspace"
            heading="h3"
            full
            destroyed={!!e.need.confidentialDestroyedAt}
          />
        </div>
        <div className="card space-y-2">
          <h2>{t("engagements:workspace.contacts")}</h2>
          {(
            [
              ["coalition", e.coalitionOrganisation.name, contacts.coalition],
              ["expert", e.expertOrganisation.name, contacts.expert],
            ] as const
          ).map(([key, name, people]) => (
            <div key={key}>
              <h3>{name}</h3>
              {key === "coalition" && side === "expert" && people.length === 0 ? (
                <p className="text-sm">{t("conversations:workspace.contactsHidden")}</p>
              ) : null}
              <ContactList people={people} />
            </div>
          ))}
          {side === "coalition" ? (
            <Form method="post" className="space-y-1">
              <input type="hidden" name="intent" value="share_contacts" />
              <p className="text-sm">
                {loaderData.contactsShared
                  ? t("conversations:workspace.sharing")
                  : t("conversations:workspace.notSharing")}
              </p>
              <button
                type="submit"
                name="share"
                value={loaderData.contactsShared ? "no" : "yes"}
                className="btn btn-secondary"
              >
                {loaderData.contactsShared
                  ? t("conversations:workspace.stopSharing")
                  : t("conversations:workspace.shareContacts")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>

      {e.outcomeNote ? (
        <p>
          {t("engagements:workspace.outcomeNote")}: {e.outcomeNote}
        </p>
      ) : null}

      {active && (canWrite || side === "secretariat") ? (
        <Form method="post" className="card space-y-2" aria-labelledby="update-title">
          <h2 id="update-title">{t("engagements:workspace.addUpdate")}</h2>
          <input type="hidden" name="intent" value="update" />
          <RequiredTextArea
            id="update-body"
            name="body"
            label={t("engagements:workspace.body")}
            errors={errors.body}
            rows={3}
            maxLength={5000}
          />
          <div className="flex flex-wrap gap-4">
            <div>
              <label htmlFor="update-hours" className="block">
                {t("engagements:workspace.hours")}
              </label>
              <input
                id="update-hours"
                name="hours"
                inputMode="decimal"
                aria-invalid={errors.hours ? true : undefined}
                aria-describedby={errors.hours ? "update-hours-error" : undefined}
              />
              <ErrorList id="update-hours-error" errors={errors.hours} />
            </div>
            <div>
              <label htmlFor="update-milestone" className="block">
                {t("engagements:workspace.milestone")}
              </label>
              <input id="update-milestone" name="milestone" maxLength={200} />
            </div>
          </div>
          <button type="submit" className="btn">
            {t("engagements:actions.addUpdate")}
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="timeline-title" className="space-y-2">
        <h2 id="timeline-title">{t("engagements:workspace.timeline", { count: loaderData.updateCount })}</h2>
        {updates.length === 0 ? <p>{t("engagements:workspace.noUpdates")}</p> : null}
        <ol className="space-y-2">
          {updates.map((u) => (
            <li key={u.id} className={`card ${u.kind === "problem" ? "border-red-700" : ""}`}>
              <p className="text-sm">
                {u.kind === "problem" ? (
                  <span className="badge mr-1">{t("engagements:workspace.problem")}</span>
                ) : null}
                {u.milestone ? <span className="badge mr-1">{u.milestone}</span> : null}
                {u.author.name} ({u.organisation.name}) · {formatDateTime(u.createdAt, locale, zone)}
                {u.hours !== null
                  ? ` · ${t("engagements:workspace.hoursValue", { hours: formatNumber(u.hours, locale) })}`
                  : ""}
              </p>
              <p className="whitespace-pre-wrap">{u.body}</p>
            </li>
          ))}
        </ol>
        <Pagination
          page={loaderData.page}
          pages={loaderData.pages}
          total={loaderData.updateCount}
          pageSize={UPDATES_PAGE_SIZE}
        />
      </section>

      {active && canWrite ? (
        <div className="grid gap-4 md:grid-cols-2">
          <Form method="post" className="card space-y-2" aria-labelledby="problem-title">
            <h2 id="problem-title">{t("engagements:workspace.flagProblem")}</h2>
            <p className="text-sm">{t("engagements:workspace.flagProblemHint")}</p>
            <input type="hidden" name="intent" value="problem" />
            <label htmlFor="problem-body" className="block">
              {t("engagements:workspace.problemBody")}
            </label>
            <textarea id="problem-body" name="body" rows={3} required maxLength={5000} />
            <button type="submit" className="btn btn-danger">
              {t("engagements:actions.flagProblem")}
            </button>
          </Form>
          {!closeRights.request ? null : closing ? (
            <ConfirmPanel
              action="close"
              title={t("engagements:closeRequest.requestTitle")}
              warning={t("engagements:closeRequest.requestWarning")}
              cancelLabel={t("home:confirm.cancel")}
            >
              <Form method="post" className="space-y-2" aria-labelledby="close-title">
                <h2 id="close-title">{t("engagements:workspace.close")}</h2>
                <input type="hidden" name="intent" value="close" />
                <fieldset
                  aria-invalid={errors.outcome ? true : undefined}
                  aria-describedby={errors.outcome ? "outcome-error" : undefined}
                >
                  <legend>{t("engagements:workspace.outcome")}</legend>
                  {engagementOutcomes.map((o) => (
                    <div key={o}>
                      <input type="radio" id={`outcome-${o}`} name="outcome" value={o} required />{" "}
                      <label htmlFor={`outcome-${o}`}>{t(`engagements:outcome.${o}`)}</label>
                    </div>
                  ))}
                </fieldset>
                <ErrorList id="outcome-error" errors={errors.outcome} />
                <label htmlFor="close-note" className="block">
                  {t("engagements:workspace.outcomeNote")}
                </label>
                <textarea id="close-note" name="note" rows={2} maxLength={5000} />
                <button type="submit" className="btn">
                  {t("engagements:closeRequest.request")}
                </button>
              </Form>
            </ConfirmPanel>
          ) : (
            <p className="card">
              <ConfirmLink action="close" className="btn btn-secondary">
                {t("engagements:closeRequest.requestLink")}
              </ConfirmLink>
            </p>
          )}
        </div>
      ) : null}

      {!active && canWrite ? (
        loaderData.ownFeedbackGiven ? (
          <p className="card">{t("engagements:workspace.feedbackThanks")}</p>
        ) : (
          <Form method="post" className="card space-y-2" aria-labelledby="feedback-title">
            <h2 id="feedback-title">{t("engagements:workspace.feedback")}</h2>
            <p className="text-sm">{t("engagements:workspace.feedbackHint")}</p>
            <input type="hidden" name="intent" value="feedback" />
            <fieldset aria-describedby={errors.rating ? "rating-error" : undefined}>
              <legend>{t("engagements:workspace.rating")}</legend>
              {[1, 2, 3, 4, 5].map((r) => (
                <span key={r} className="mr-3">
                  <input type="radio" id={`rating-${r}`} name="rating" value={r} required />{" "}
                  <label htmlFor={`rating-${r}`}>
                    {t("engagements:workspace.ratingValue", { rating: r })}
                  </label>
                </span>
              ))}
            </fieldset>
            <ErrorList id="rating-error" errors={errors.rating} />
            <label htmlFor="feedback-comment" className="block">
              {t("engagements:workspace.comment")}
            </label>
            <textarea id="feedback-comment" name="comment" rows={3} maxLength={5000} />
            <button type="submit" className="btn">
              {t("engagements:actions.sendFeedback")}
            </button>
          </Form>
        )
      ) : null}

      {side === "secretariat" ? (
        <section aria-labelledby="feedback-list-title" className="card space-y-2">
          <h2 id="feedback-list-title">{t("engagements:workspace.feedbackReceived")}</h2>
          {loaderData.feedback.length === 0 ? <p>{t("engagements:workspace.noFeedback")}</p> : null}
          <ul>
            {loaderData.feedback.map((f) => (
              <li key={f.organisationId}>
                {f.organisation.name}: {t("engagements:workspace.ratingValue", { rating: f.rating })} —{" "}
                {f.comment}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ResourceLinksPanel view={loaderData.resourceLinks} />
    </section>
  );
}
