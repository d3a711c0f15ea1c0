// /legislation/:id — one tracked bill, law or decree: its stage and dated history, its effect on civic
// space, and the needs, calls, resources and engagements it caused (each shown only to whoever may see
// it). The secretariat records the next stage (only the moves the stage table allows are offered; a stale
// form is refused with 409 and changes nothing), links and unlinks what it caused, and edits the text.
import { type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { Notice, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { SummarisedForm } from "~/components/error-summary";
import { useSchemaForm } from "~/components/use-schema-form";
import { requireSecretariat, requireUser } from "~/features/auth/index.server";
import type { Locale } from "~/i18n/config";
import { countryName, formatDate } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { readForm } from "~/utils/forms.server";
import { badRequest } from "~/utils/http.server";
import { refusalResponse } from "~/utils/lifecycle/respond.server";
import { clientIp } from "~/utils/request.server";
import { DirectionBadge, StageBadge } from "../components/tracker";
import { linkKinds, linkSchema, stageSchema, unlinkSchema } from "../schemas";
import {
  changeStage,
  linkLegislation,
  loadLegislation,
  unlinkLegislation,
} from "../services/legislation.server";
import type { Route } from "./+types/detail";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const locale = getLocale(request, ctx.user.locale);
  const page = await loadLegislation(ctx.viewer, params.id);
  return {
    ...page,
    locale,
    countryName: countryName(page.legislation.countryCode, locale),
    today: new Date().toISOString().slice(0, 10),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const form = await readForm(request);
  const actor = { userId: ctx.user.id, ip: clientIp(context) };
  const intent = form.get("intent");
  if (intent === "stage") {
    const submission = parseWithZod(form, { schema: stageSchema });
    if (submission.status !== "success")
      return data({ form: "stage" as const, result: submission.reply() }, { status: 422 });
    try {
      const { intent: _i, ...input } = submission.value;
      await db().$transaction((tx) => changeStage(tx, ctx.viewer, actor, params.id, input));
    } catch (error) {
      return refusalResponse(error);
    }
    return redirect(`/legislation/${params.id}?done=staged`);
  }
  if (intent === "link") {
    const submission = parseWithZod(form, { schema: linkSchema });
    if (submission.status !== "success")
      return data({ form: "link" as const, result: submission.reply() }, { status: 422 });
    const { intent: _i, ...input } = submission.value;
    await db().$transaction((tx) => linkLegislation(tx, ctx.viewer, actor, params.id, input));
    return redirect(`/legislation/${params.id}?done=linked`);
  }
  if (intent === "unlink") {
    const submission = parseWithZod(form, { schema: unlinkSchema });
    if (submission.status !== "success") throw badRequest();
    await db().$transaction((tx) =>
      unlinkLegislation(tx, ctx.viewer, actor, params.id, submission.value.linkId),
    );
    return redirect(`/legislation/${params.id}?done=unlinked`);
  }
  throw badRequest();
}

type ActionResult = {
  form?: "stage" | "link";
  result?: never;
  messageKey?: string;
  values?: Record<string, string>;
};

export default function LegislationDetail({ loaderData: d, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const l = d.legislation;
  const locale = d.locale as Locale;
  const done = search.get("done");
  const refusal = actionData && "messageKey" in actionData ? (actionData as ActionResult) : null;
  return (
    <article className="space-y-6" aria-labelledby="legislation-heading">
      {done ? <Notice>{t(`legislation:notice.${done}`, { defaultValue: "" })}</Notice> : null}
      {refusal?.messageKey ? (
        <p role="alert" className="card border-red-700 text-red-800">
          {t(refusal.messageKey, {
            ...refusal.values,
            status: refusal.values?.status ? t(`legislation:stage.${refusal.values.status}`) : "",
          })}
        </p>
      ) : null}
      <header className="space-y-2">
        <p className="text-sm">
          <Link to={`/countries/${l.countryCode}#legislation-title`}>
            {t("legislation:page.back", { country: d.countryName })}
          </Link>
        </p>
        <h1 id="legislation-heading" lang={l.contentLanguage}>
          {l.title}
        </h1>
        <p className="flex flex-wrap items-center gap-2">
          <span>{t(`legislation:kind.${l.kind}`)}</span>
          <StageBadge stage={l.stage} />
          <span className="text-sm">
            {t("legislation:tracker.since", { date: formatDate(l.stageOn, locale) })}
          </span>
          <DirectionBadge direction={l.direction} />
        </p>
        {l.reference ? (
          <p className="text-sm">
            {t("legislation:page.reference")}: {l.reference}
          </p>
        ) : null}
        {l.summary ? (
          <p lang={l.contentLanguage} className="whitespace-pre-line">
            {l.summary}
          </p>
        ) : null}
        {d.canRecord ? (
          <p>
            <Link to={`/secretariat/legislation/${l.id}/edit`} className="btn btn-secondary">
              {t("legislation:page.edit")}
            </Link>
          </p>
        ) : null}
      </header>

      {d.canRecord ? (
        <StageForm
          actions={d.actions}
          today={d.today}
          lastResult={
            actionData && "form" in actionData && actionData.form === "stage" ? actionData.result : null
          }
        />
      ) : null}

      <section aria-labelledby="history-title" className="space-y-2">
        <h2 id="history-title">{t("legislation:page.history")}</h2>
        <ol className="space-y-1">
          {l.stages.map((s) => (
            <li key={s.id}>
              <time dateTime={new Date(s.occurredOn).toISOString().slice(0, 10)}>
                {formatDate(s.occurredOn, locale, "long")}
              </time>{" "}
              —{" "}
              {s.fromStage
                ? t("legislation:page.moved", {
                    from: t(`legislation:stage.${s.fromStage}`),
                    to: t(`legislation:stage.${s.stage}`),
                  })
                : t("legislation:page.entered", { stage: t(`legislation:stage.${s.stage}`) })}
              {s.note ? ` — ${s.note}` : ""}
              {s.recordedByName ? ` (${t("legislation:page.recordedBy", { name: s.recordedByName })})` : ""}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="links-title" className="space-y-2">
        <h2 id="links-title">{t("legislation:page.links")}</h2>
        <p className="text-sm text-[var(--color-muted)]">{t("legislation:page.linksIntro")}</p>
        {d.links.length ? (
          <ul className="space-y-1">
            {d.links.map((link) => (
              <li key={link.id} className="flex flex-wrap items-center gap-2">
                <span className="badge">{t(`legislation:linkKind.${link.kind}`)}</span>
                <Link to={link.url} lang={link.lang ?? undefined}>
                  {link.title || t("legislation:page.resource", { id: link.targetId })}
                </Link>
                {d.canRecord ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="unlink" />
                    <input type="hidden" name="linkId" value={link.id} />
                    <button type="submit" className="btn btn-secondary text-sm">
                      {t("legislation:page.unlink")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("legislation:page.linksEmpty")}</p>
        )}
        {d.hiddenLinks ? (
          <p className="text-sm">{t("legislation:page.hiddenLinks", { count: d.hiddenLinks })}</p>
        ) : null}
        {d.canRecord ? (
          <LinkForm
            lastResult={
              actionData && "form" in actionData && actionData.form === "link" ? actionData.result : null
            }
          />
        ) : null}
      </section>
    </article>
  );
}

function StageForm({
  actions,
  today,
  lastResult,
}: {
  actions: string[];
  today: string;
  lastResult: unknown;
}) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(stageSchema, {
    id: "stage",
    shouldValidate: "onSubmit",
    lastResult: lastResult as never,
    defaultValue: { action: actions[0], occurredOn: today },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  if (!actions.length) return <p>{t("legislation:page.noMoves")}</p>;
  return (
    <section aria-labelledby="stage-title" className="card max-w-2xl space-y-3">
      <h2 id="stage-title">{t("legislation:stageForm.title")}</h2>
      <SummarisedForm form={form} className="space-y-3">
        <input type="hidden" name="intent" value="stage" />
        <SelectField
          meta={fields.action}
          label={t("legislation:stageForm.action")}
          options={actions.map((a) => ({ value: a, label: t(`legislation:action.${a}`) }))}
        />
        <TextField meta={fields.occurredOn} type="date" label={t("legislation:stageForm.occurredOn")} />
        <TextAreaField meta={fields.note} label={t("legislation:stageForm.note")} rows={2} />
        <button type="submit" className="btn">
          {t("legislation:stageForm.submit")}
        </button>
      </SummarisedForm>
    </section>
  );
}

function LinkForm({ lastResult }: { lastResult: unknown }) {
  const { t } = useTranslation();
  const [form, conformFields] = useSchemaForm(linkSchema, {
    id: "link",
    shouldValidate: "onSubmit",
    lastResult: lastResult as never,
    defaultValue: { kind: "need" },
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <SummarisedForm form={form} className="card max-w-2xl space-y-3">
      <h3>{t("legislation:linkForm.title")}</h3>
      <input type="hidden" name="intent" value="link" />
      <SelectField
        meta={fields.kind}
        label={t("legislation:linkForm.kind")}
        options={linkKinds.map((k) => ({ value: k, label: t(`legislation:linkKind.${k}`) }))}
      />
      <TextField
        meta={fields.targetId}
        label={t("legislation:linkForm.target")}
        hint={t("legislation:linkForm.targetHint")}
      />
      <button type="submit" className="btn btn-secondary">
        {t("legislation:linkForm.submit")}
      </button>
    </SummarisedForm>
  );
}
