// /needs/:id: what the viewer may see of a need, and the actions they may take. Someone who may not know
// the need exists gets a 404. Every view of the confidential details by someone other than the owning
// coalition is audited. The coalition sees the triage conversation and answers questions here; the
// secretariat triages here (open, ask for information, decline).
import { useReaderZone } from "~/root";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { isSecretariat, mayVolunteerFor } from "~/features/auth/policy";
import { Notice } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireSecretariat, requireUser } from "~/features/auth/index.server";
import { TextActionForm } from "~/features/triage";
import { answerSchema, askInfoSchema, declineSchema, needActionSchema } from "~/features/triage/schema";
import { getLocale } from "~/i18n/i18n.server";
import { countryArgs } from "~/i18n/countries";
import { countryName, formatDate, formatDateTime, languageName } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { needWithAccess, readNeedDetails } from "../services/need-access.server";
import { hasActiveEngagement, proposalsWaitingForReview, triageMessages } from "../services/need-page.server";
import {
  answerAndResubmitNeed,
  askForInformation,
  canNeed,
  declineNeed,
  editableNeedStatuses,
  openNeed,
  submitNeed,
  withdrawNeed,
} from "../services/need-lifecycle.server";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import { orRefusal } from "~/utils/lifecycle/respond.server";
import {
  closedNeedStatuses,
  destroyNeedConfidential,
  RetentionRefusedError,
  retentionDueAt,
} from "../services/retention.server";
import { parseEnv, sharedEnvSchema } from "~/utils/env-schema";
import { ConfirmLink, ConfirmPanel, useConfirming } from "~/components/confirm-step";
import { ResourceLinksPanel } from "~/features/resources";
import { resourceLinksView } from "~/features/resources/index.server";
import type { Route } from "./+types/detail";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  // The one reader of a need's details (services/need-access.server.ts): 404 without access, the text
  // opened and the view audited only when the policy allows it.
  const { need, access } = await readNeedDetails(ctx.viewer, params.id, {
    via: "need",
    ip: clientIp(context),
  });
  const locale = getLocale(request, ctx.user.locale);
  const secretariat = isSecretariat(ctx.viewer);
  const seesTriage = access.owner || secretariat;
  const [messages, taxonomy, resourceLinks] = await Promise.all([
    seesTriage ? triageMessages(db(), need.id) : Promise.resolve([]),
    loadTaxonomy(locale),
    // Resources of the learning exchange linked from this need ("this model law helped in Kenya").
    resourceLinksView(ctx.viewer, { type: "need", id: need.id }),
  ]);
  const category = taxonomy.find((c) => c.id === need.categoryId);
  return {
    locale,
    need: {
      ...need,
      declineReason: seesTriage ? need.declineReason : null,
      referral: seesTriage ? need.referral : null,
      // Who triaged or wrote it, and (when anonymised) which organisation it is, never leave the server.
      organisationId: access.showCoalition ? need.organisationId : null,
      triagedBy: null,
      createdById: null,
    },
    owner: access.owner,
    full: access.level === "full",
    categoryLabel: category?.label ?? need.categoryId,
    topicLabels: need.topicIds.map((id) => category?.topics.find((tp) => tp.id === id)?.label ?? id),
    countryLabel: countryName(need.countryCode, locale),
    languageLabels: need.languages.map((l) => languageName(l, locale)),
    messages,
    // The secretariat's way to this need's review (issue 21): proposals waiting for it, if any.
    review: secretariat
      ? {
          waiting: await proposalsWaitingForReview(db(), need.id),
          reviewable: ["open", "matching"].includes(need.status),
        }
      : null,
    resourceLinks,
    retention: {
      destroyedAt: need.confidentialDestroyedAt,
      dueAt: access.owner || secretariat ? await retentionDueAt(db(), need, retentionDays()) : null,
    },
    can: {
      destroyConfidential:
        access.owner &&
        !need.confidentialDestroyedAt &&
        closedNeedStatuses.includes(need.status) &&
        !(await hasActiveEngagement(db(), need.id)),
      edit: access.owner && editableNeedStatuses.includes(need.status),
      submit: access.owner && canNeed("submit", need.status),
      withdraw: access.owner && canNeed("withdraw", need.status),
      answer: access.owner && canNeed("resubmit", need.status),
      triage: secretariat && need.status === "submitted",
      // "We can help": an organisation of the viewer's other than the need's may put an offer forward.
      volunteer:
        !access.owner &&
        ["open", "matching"].includes(need.status) &&
        ctx.viewer!.memberships.some(
          (m) => m.organisationId !== need.organisationId && mayVolunteerFor(ctx.viewer, m.organisationId),
        ),
      experts:
        (access.owner || secretariat) &&
        ["matching", "engaged", "completed", "closed_unmet"].includes(need.status),
    },
  };
}

/** The need and the viewer's access, for the actions (no details read, nothing audited). */
async function loadFor(request: Request, id: string) {
  const ctx = await requireUser(request);
  const { need, access } = await needWithAccess(ctx.viewer, id);
  return { ctx, need, access };
}

const retentionDays = () =>
  parseEnv(sharedEnvSchema.pick({ CONFIDENTIAL_RETENTION_DAYS: true })).CONFIDENTIAL_RETENTION_DAYS;

export async function action({ request, params, context }: Route.ActionArgs) {
  const formData = await readForm(request);
  if (formData.get("intent") === "destroy_confidential") {
    // The coalition asks for its confidential material to go now rather than at the end of retention.
    const { ctx, need, access } = await loadFor(request, params.id);
    if (!access.owner) throw httpError(403, "common:errors.forbidden");
    if (formData.get("confirm") !== "yes")
      return data({ destroyError: "needs:retention.confirmRequired" }, { status: 422 });
    try {
      await db().$transaction((tx) =>
        destroyNeedConfidential(tx, need.id, {
          reason: "requested",
          actorId: ctx.user.id,
          ip: clientIp(context),
        }),
      );
    } catch (error) {
      if (!(error instanceof RetentionRefusedError)) throw error;
      throw httpError(409, "needs:retention.notClosed");
    }
    return redirect(`/needs/${need.id}?done=destroyed`);
  }
  const submission = parseWithZod(formData, { schema: needActionSchema });
  if (submission.status !== "success") {
    // An unknown intent is a bad request; a known one with bad fields gets its errors back.
    if (!["answer", "ask_info", "decline"].includes(String(formData.get("intent"))))
      throw httpError(400, "common:errors.badRequest");
    return data({ result: submission.reply() }, { status: 422 });
  }
  const value = submission.value;
  const ip = clientIp(context);
  if (value.intent === "open" || value.intent === "ask_info" || value.intent === "decline") {
    const ctx = await requireSecretariat(request);
    const exists = await db().need.findUnique({ where: { id: params.id }, select: { id: true } });
    if (!exists) throw httpError(404, "common:errors.notFound");
    const actor = { userId: ctx.user.id, ip };
    await orRefusal(() =>
      db().$transaction(async (tx) => {
        if (value.intent === "open") return openNeed(tx, actor, params.id);
        if (value.intent === "ask_info") return askForInformation(tx, actor, params.id, value.question);
        return declineNeed(tx, actor, params.id, { reason: value.reason, referral: value.referral });
      }),
    );
    return redirect(`/secretariat/triage?done=triaged`);
  }
  const { ctx, need, access } = await loadFor(request, params.id);
  if (!access.owner) throw httpError(403, "common:errors.forbidden");
  const actor = { userId: ctx.user.id, ip };
  await orRefusal(() =>
    db().$transaction(async (tx) => {
      if (value.intent === "submit") return submitNeed(tx, actor, need.id);
      if (value.intent === "withdraw") return withdrawNeed(tx, actor, need.id);
      return answerAndResubmitNeed(tx, actor, need.id, value.answer);
    }),
  );
  const done = { submit: "submitted", withdraw: "withdrawn", answer: "resubmitted" }[value.intent];
  return redirect(`/needs/${need.id}?done=${done}`);
}

export default function NeedDetail({ loaderData, actionData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const withdrawing = useConfirming("withdraw");
  const { need, locale, can, messages } = loaderData;
  const done = search.get("done");
  const lastResult = actionData && "result" in actionData ? actionData.result : undefined;
  const destroyError = actionData && "destroyError" in actionData ? actionData.destroyError : undefined;
  const lastQuestion = [...messages].reverse().find((m) => m.kind === "question");
  return (
    <article className="space-y-6" aria-labelledby="need-title">
      {done && ["created", "submitted", "saved", "withdrawn", "resubmitted", "destroyed"].includes(done) ? (
        <Notice>{t(`needs:notice.${done}`)}</Notice>
      ) : null}
      <header className="space-y-2">
        <p className="text-sm">
          <Link to={loaderData.owner ? "/needs/mine" : "/needs"}>
            {t(loaderData.owner ? "common:nav.myNeeds" : "common:nav.needs")}
          </Link>
        </p>
        <h1 id="need-title" lang={need.contentLanguage}>
          {need.title}
        </h1>
        <p className="text-[var(--color-muted)]">
          {need.coalitionName ?? t("needs:board.anonymous", countryArgs(need.countryCode, locale))} ·{" "}
          {loaderData.countryLabel}
        </p>
        <p className="flex flex-wrap gap-2">
          <span className="badge">{t(`needs:status.${need.status}`)}</span>
          <span className="badge">{t(`needs:urgency.${need.urgency}`)}</span>
        </p>
      </header>

      <section aria-labelledby="summary-title" className="space-y-2">
        <h2 id="summary-title">{t("needs:detail.summary")}</h2>
        <p lang={need.contentLanguage} className="whitespace-pre-line">
          {need.summary}
        </p>
      </section>

      {loaderData.full && loaderData.retention.destroyedAt ? (
        <p className="card">
          {t("needs:retention.destroyed", {
            date: formatDate(loaderData.retention.destroyedAt, locale, "medium", zone),
          })}
        </p>
      ) : loaderData.full ? (
        <section aria-labelledby="details-title" className="space-y-3 rounded border-2 border-amber-700 p-4">
          <h2 id="details-title">🔒 {t("needs:form.confidential")}</h2>
          <h3 className="font-semibold">{t("needs:fields.details")}</h3>
          <p lang={need.contentLanguage} className="whitespace-pre-line">
            {need.details}
          </p>
          <h3 className="font-semibold">{t("needs:fields.outcomeWanted")}</h3>
          <p lang={need.contentLanguage} className="whitespace-pre-line">
            {need.outcomeWanted}
          </p>
          <p>
            <Link to={`/needs/${need.id}/documents`} data-testid="need-documents">
              {t("documents:panel.title")}
            </Link>
          </p>
        </section>
      ) : (
        <p className="card">{t("needs:detail.hiddenDetails")}</p>
      )}

      <ResourceLinksPanel view={loaderData.resourceLinks} />

      {loaderData.retention.dueAt || can.destroyConfidential ? (
        <section aria-labelledby="retention-title" className="card space-y-2">
          <h2 id="retention-title">{t("needs:retention.title")}</h2>
          {loaderData.retention.dueAt ? (
            <p>
              {t("needs:retention.due", {
                date: formatDate(loaderData.retention.dueAt, locale, "medium", zone),
              })}
            </p>
          ) : null}
          {can.destroyConfidential ? (
            <Form method="post" className="space-y-2">
              <input type="hidden" name="intent" value="destroy_confidential" />
              <p>{t("needs:retention.explain")}</p>
              <p>
                <input
                  type="checkbox"
                  id="destroy-confirm"
                  name="confirm"
                  value="yes"
                  required
                  aria-invalid={destroyError ? true : undefined}
                  aria-describedby={destroyError ? "destroy-error" : undefined}
                />{" "}
                <label htmlFor="destroy-confirm">{t("needs:retention.confirm")}</label>
              </p>
              {destroyError ? (
                <p id="destroy-error" role="alert" className="text-red-800">
                  {t(destroyError)}
                </p>
              ) : null}
              <button type="submit" className="btn">
                {t("needs:retention.destroyNow")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="about-title">
        <h2 id="about-title">{t("needs:detail.about")}</h2>
        <dl className="mt-2 grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{t("needs:fields.category")}</dt>
          <dd>{loaderData.categoryLabel}</dd>
          <dt className="font-semibold">{t("needs:fields.topics")}</dt>
          <dd>{loaderData.topicLabels.join(" · ") || "—"}</dd>
          <dt className="font-semibold">{t("needs:fields.languages")}</dt>
          <dd>{loaderData.languageLabels.join(", ")}</dd>
          <dt className="font-semibold">{t("needs:fields.wantedBy")}</dt>
          <dd>{need.wantedBy ? formatDate(need.wantedBy, locale) : "—"}</dd>
          <dt className="font-semibold">{t("needs:fields.effortHours")}</dt>
          <dd>{need.effortHours ?? "—"}</dd>
          <dt className="font-semibold">{t("needs:fields.format")}</dt>
          <dd>{t(`needs:format.${need.format}`)}</dd>
          <dt className="font-semibold">{t("needs:fields.civicContext")}</dt>
          <dd>{t(`needs:civicContext.${need.civicContext}`)}</dd>
          <dt className="font-semibold">{t("needs:fields.expertsWanted")}</dt>
          <dd>{need.expertsWanted}</dd>
          {loaderData.owner ? (
            <>
              <dt className="font-semibold">{t("needs:fields.visibility")}</dt>
              <dd>{t(`needs:visibility.${need.visibility}`)}</dd>
              <dt className="font-semibold">{t("needs:fields.anonymised")}</dt>
              <dd>{need.anonymised ? "✓" : "—"}</dd>
            </>
          ) : null}
          <dt className="font-semibold">{t("needs:detail.created")}</dt>
          <dd>{formatDate(need.createdAt, locale, "medium", zone)}</dd>
          {need.submittedAt ? (
            <>
              <dt className="font-semibold">{t("needs:detail.submittedAt")}</dt>
              <dd>{formatDate(need.submittedAt, locale, "medium", zone)}</dd>
            </>
          ) : null}
          {need.openedAt ? (
            <>
              <dt className="font-semibold">{t("needs:detail.openedAt")}</dt>
              <dd>{formatDate(need.openedAt, locale, "medium", zone)}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {need.declineReason ? (
        <section aria-labelledby="decline-title" className="card space-y-2">
          <h2 id="decline-title">{t("needs:detail.declineReason")}</h2>
          <p className="whitespace-pre-line">{need.declineReason}</p>
          {need.referral ? (
            <>
              <h3 className="font-semibold">{t("needs:detail.referral")}</h3>
              <p className="whitespace-pre-line">{need.referral}</p>
            </>
          ) : null}
        </section>
      ) : null}

      {messages.length ? (
        <section aria-labelledby="conversation-title" className="space-y-2">
          <h2 id="conversation-title">{t("needs:detail.conversation")}</h2>
          <ol className="space-y-2">
            {messages.map((m) => (
              <li key={m.id} className="card">
                <p className="text-sm text-[var(--color-muted)]">
                  {t(`needs:detail.messageKinds.${m.kind}`)} · {formatDateTime(m.createdAt, locale, zone)}
                </p>
                <p className="whitespace-pre-line">
                  {m.kind === "decision" && m.body === "open" ? t("needs:detail.decisionOpen") : m.body}
                </p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {can.answer ? (
        <section aria-labelledby="answer-title" className="card space-y-3">
          <h2 id="answer-title">{t("needs:detail.questionFromSecretariat")}</h2>
          {lastQuestion ? <p className="whitespace-pre-line">{lastQuestion.body}</p> : null}
          <TextActionForm
            id="need-answer"
            intent="answer"
            schema={answerSchema}
            fields={[{ name: "answer", label: t("needs:detail.answer"), rows: 4 }]}
            submitLabel={t("needs:detail.resubmit")}
            lastResult={lastResult}
          />
        </section>
      ) : null}

      {loaderData.owner && ["matching", "engaged", "completed", "closed_unmet"].includes(need.status) ? (
        <p>
          <Link to={`/needs/${need.id}/experts`}>{t("review:experts.link")}</Link>
        </p>
      ) : null}

      {can.volunteer ? (
        <p>
          <Link to={`/needs/${need.id}/help`} className="btn">
            {t("outreach:link.volunteer")}
          </Link>
        </p>
      ) : null}

      {can.experts ? (
        <p>
          <Link to={`/needs/${need.id}/experts`}>{t("needs:detail.experts")}</Link>
        </p>
      ) : null}

      {loaderData.review && (loaderData.review.waiting > 0 || loaderData.review.reviewable) ? (
        <p>
          <Link
            to={
              loaderData.review.waiting > 0
                ? `/secretariat/review?need=${need.id}`
                : `/secretariat/review?proposeFor=${need.id}#propose-${need.id}`
            }
            data-testid="need-review-link"
          >
            {loaderData.review.waiting > 0
              ? t("home:reviewQueue.openReviewCount", { count: loaderData.review.waiting })
              : t("home:reviewQueue.openReview")}
          </Link>
        </p>
      ) : null}

      {can.edit || can.submit || can.withdraw ? (
        <section aria-labelledby="actions-title" className="space-y-3">
          <h2 id="actions-title">{t("needs:detail.actions")}</h2>
          <div className="flex flex-wrap items-start gap-3">
            {can.edit ? (
              <Link to={`/needs/${need.id}/edit`} className="btn btn-secondary">
                {t("needs:detail.edit")}
              </Link>
            ) : null}
            {can.submit ? (
              <Form method="post">
                <button type="submit" name="intent" value="submit" className="btn">
                  {t("needs:detail.submit")}
                </button>
              </Form>
            ) : null}
            {can.withdraw && !withdrawing ? (
              <ConfirmLink action="withdraw">{t("home:confirm.withdraw.link")}</ConfirmLink>
            ) : null}
          </div>
        </section>
      ) : null}

      {can.withdraw && withdrawing ? (
        <ConfirmPanel
          action="withdraw"
          title={t("home:confirm.withdraw.title")}
          warning={t("home:confirm.withdraw.warning")}
          cancelLabel={t("home:confirm.cancel")}
        >
          <Form method="post" className="space-y-1">
            <p id="withdraw-hint" className="text-sm text-[var(--color-muted)]">
              {t("needs:detail.withdrawHint")}
            </p>
            <button
              type="submit"
              name="intent"
              value="withdraw"
              className="btn btn-danger"
              aria-describedby="withdraw-hint"
            >
              {t("needs:detail.withdraw")}
            </button>
          </Form>
        </ConfirmPanel>
      ) : null}

      {can.triage ? (
        <section aria-labelledby="triage-title" className="card space-y-4">
          <h2 id="triage-title">{t("triage:panel.title")}</h2>
          <Form method="post" className="space-y-1">
            <p id="open-hint" className="text-sm text-[var(--color-muted)]">
              {t("triage:panel.openHint")}
            </p>
            <button type="submit" name="intent" value="open" className="btn" aria-describedby="open-hint">
              {t("triage:panel.open")}
            </button>
          </Form>
          <h3 className="font-semibold">{t("triage:panel.askInfo")}</h3>
          <TextActionForm
            id="triage-ask"
            intent="ask_info"
            schema={askInfoSchema}
            fields={[{ name: "question", label: t("triage:panel.question") }]}
            submitLabel={t("triage:panel.send")}
            lastResult={lastResult}
          />
          <h3 className="font-semibold">{t("triage:panel.decline")}</h3>
          <TextActionForm
            id="triage-decline"
            intent="decline"
            schema={declineSchema}
            fields={[
              { name: "reason", label: t("triage:panel.reason") },
              { name: "referral", label: t("triage:panel.referral") },
            ]}
            submitLabel={t("triage:panel.confirmDecline")}
            lastResult={lastResult}
            danger
          />
        </section>
      ) : null}
    </article>
  );
}
