// /secretariat/applications/:id — one application: what the applicant wrote, the checklist (mission,
// references, risk to the applicant, conflicts), the conversation, and the decision: ask a question (by
// email), approve (only with the checklist done; sends the invitation) or decline with a reason.
import { ErrorList } from "~/components/form-fields";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import { requireSecretariat } from "~/features/auth/index.server";
import { ActionMessage, DoneNotice, fieldErrorsOf } from "~/components/action-ui";
import { getLocale } from "~/i18n/i18n.server";
import { countryName, formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { idParam, readForm } from "~/utils/forms.server";
import { httpError, type ErrorPayload } from "~/utils/http.server";
import { clientIp } from "~/utils/request.server";
import { applicationActionSchema } from "../schemas";
import {
  ApplicationRefusedError,
  approveApplication,
  askApplicant,
  declineApplication,
  updateChecklist,
} from "../services/applications.server";
import type { Route } from "./+types/application";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const id = idParam(params.id);
  const a = await db().membershipApplication.findUnique({
    where: { id },
    include: { messages: { orderBy: { createdAt: "asc" } } },
  });
  if (!a) throw httpError(404, "common:errors.notFound");
  // What an applicant wrote may put them at risk: every view is audited.
  await audit(db(), {
    actorId: ctx.user.id,
    organisationId: null,
    action: "application.viewed",
    entityType: "application",
    entityId: a.id,
    ip: clientIp(context),
    metadata: {},
  });
  const { answerTokenHash: _t, ...shown } = a;
  return {
    locale: getLocale(request, ctx.user.locale),
    application: { ...shown, countryLabel: countryName(a.countryCode, getLocale(request, ctx.user.locale)) },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const id = idParam(params.id);
  const submission = parseWithZod(await readForm(request), { schema: applicationActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const actor = { viewer: ctx.viewer, ip: clientIp(context), name: ctx.user.name ?? undefined };
  try {
    await db().$transaction(async (tx) => {
      if (v.intent === "checklist") return updateChecklist(tx, actor, id, v);
      if (v.intent === "ask") return askApplicant(tx, actor, id, v.question);
      if (v.intent === "approve") return approveApplication(tx, actor, id);
      return declineApplication(tx, actor, id, v.reason);
    });
  } catch (error) {
    if (error instanceof ApplicationRefusedError)
      return data<ErrorPayload>(
        { messageKey: `outreach:applications.refused.${error.code}` },
        { status: error.status },
      );
    throw error;
  }
  const done = { checklist: "checked", ask: "asked", approve: "approved", decline: "declined" }[v.intent];
  return redirect(`/secretariat/applications/${id}?done=${done}`);
}

/** A decision that needs words from the secretariat (a question to the applicant, a reason to decline). */
function WrittenDecision(props: {
  intent: "ask" | "decline";
  field: "question" | "reason";
  heading: string;
  label: string;
  submit: string;
  buttonClass: string;
  errors?: string[] | null;
}) {
  const errorId = `${props.field}-error`;
  return (
    <Form method="post" className="card space-y-2">
      <h2>{props.heading}</h2>
      <input type="hidden" name="intent" value={props.intent} />
      <label htmlFor={props.field} className="block">
        {props.label}
      </label>
      <textarea
        id={props.field}
        name={props.field}
        rows={3}
        required
        maxLength={2000}
        aria-describedby={props.errors ? errorId : undefined}
      />
      <ErrorList id={errorId} errors={props.errors} />
      <button type="submit" className={`btn ${props.buttonClass}`}>
        {props.submit}
      </button>
    </Form>
  );
}

const checks = ["checkMission", "checkReferences", "checkRisk", "checkConflicts"] as const;

export default function Application({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const zone = useReaderZone();
  const { application: a, locale } = loaderData;
  const open = a.status === "pending" || a.status === "questions";
  const errors = fieldErrorsOf(actionData);
  return (
    <article aria-labelledby="application-title" className="space-y-6">
      <p>
        <Link to="/secretariat/applications">{t("outreach:applications.title")}</Link>
      </p>
      <h1 id="application-title">{a.organisationName}</h1>
      <DoneNotice ns="outreach" />
      <ActionMessage data={actionData} />
      <p className="flex flex-wrap gap-2">
        <span className="badge">{t(`outreach:applications.status.${a.status}`)}</span>
        <span>{t(`outreach:apply.kinds.${a.kind}`)}</span>
        <span>· {a.countryLabel}</span>
      </p>
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">{t("outreach:apply.mission")}</dt>
        <dd className="whitespace-pre-line">{a.mission}</dd>
        <dt className="font-semibold">{t("outreach:apply.references")}</dt>
        <dd className="whitespace-pre-line">{a.references}</dd>
        <dt className="font-semibold">{t("outreach:apply.website")}</dt>
        <dd>{a.website ?? "—"}</dd>
        <dt className="font-semibold">{t("outreach:apply.contactName")}</dt>
        <dd>
          {a.contactName} · {a.contactEmail}
        </dd>
        {a.decisionReason ? (
          <>
            <dt className="font-semibold">{t("outreach:applications.reason")}</dt>
            <dd className="whitespace-pre-line">{a.decisionReason}</dd>
          </>
        ) : null}
        {a.organisationId ? (
          <>
            <dt className="font-semibold">{t("outreach:applications.organisation")}</dt>
            <dd>
              <Link to={`/secretariat/organisations/${a.organisationId}`}>{a.organisationName}</Link>
            </dd>
          </>
        ) : null}
      </dl>

      {a.messages.length ? (
        <section aria-labelledby="conversation-title" className="space-y-2">
          <h2 id="conversation-title">{t("outreach:applications.conversation")}</h2>
          <ol className="space-y-2">
            {a.messages.map((m) => (
              <li key={m.id} className="card">
                <p className="text-sm text-[var(--color-muted)]">
                  {t(`outreach:answer.kinds.${m.kind}`)} · {formatDateTime(m.createdAt, locale, zone)}
                </p>
                <p className="whitespace-pre-line">{m.body}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {open ? (
        <>
          <Form method="post" className="card space-y-2">
            <h2>{t("outreach:applications.checklist")}</h2>
            <input type="hidden" name="intent" value="checklist" />
            {checks.map((c) => (
              <p key={c}>
                <input type="checkbox" id={c} name={c} defaultChecked={a[c]} />{" "}
                <label htmlFor={c}>{t(`outreach:applications.checks.${c}`)}</label>
              </p>
            ))}
            <label htmlFor="riskNote" className="block font-semibold">
              {t("outreach:applications.riskNote")}
            </label>
            <textarea
              id="riskNote"
              name="riskNote"
              rows={2}
              maxLength={2000}
              defaultValue={a.riskNote ?? ""}
            />
            <button type="submit" className="btn btn-secondary">
              {t("outreach:applications.saveChecklist")}
            </button>
          </Form>
          <WrittenDecision
            intent="ask"
            field="question"
            heading={t("outreach:applications.ask")}
            label={t("outreach:applications.question")}
            submit={t("outreach:applications.send")}
            buttonClass="btn-secondary"
            errors={errors.question}
          />
          <Form method="post" className="card space-y-2">
            <h2>{t("outreach:applications.approve")}</h2>
            <p className="text-sm">{t("outreach:applications.approveHint")}</p>
            <button type="submit" name="intent" value="approve" className="btn">
              {t("outreach:applications.approve")}
            </button>
          </Form>
          <WrittenDecision
            intent="decline"
            field="reason"
            heading={t("outreach:applications.decline")}
            label={t("outreach:applications.reason")}
            submit={t("outreach:applications.decline")}
            buttonClass="btn-danger"
            errors={errors.reason}
          />
        </>
      ) : null}
    </article>
  );
}
