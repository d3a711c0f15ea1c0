import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { Notice, SelectField, TextAreaField } from "~/components/form-fields";
import { idParam, readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireSecretariat } from "~/features/auth/index.server";
import { formatDate } from "~/i18n/format";
import { useRootData, useReaderZone } from "~/root";
import { httpError, notFound } from "~/utils/http.server";
import { PendingChange } from "../components/pending-change";
import { ProfileView } from "../components/profile-view";
import { identityChangeSchema, vettingSchema } from "../schemas";
import { decideIdentityChange, getOrganisation, vetOrganisation } from "../services/organisations.server";
import type { Route } from "./+types/secretariat-detail";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireSecretariat(request);
  const org = await getOrganisation(idParam(params.organisationId));
  if (!org) throw notFound();
  const { pending, ...rest } = org;
  return {
    org: {
      ...rest,
      vettedAt: org.vettedAt?.toISOString() ?? null,
      createdAt: org.createdAt.toISOString(),
      vettedBy: org.vettedBy?.name ?? null,
    },
    pending: pending && { ...pending, at: pending.at.toISOString() },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { user } = await requireSecretariat(request);
  const org = await getOrganisation(idParam(params.organisationId));
  if (!org) throw notFound();
  const formData = await readForm(request);
  if (formData.get("intent") === "change") {
    // Approve or refuse a pending change of name or coverage (audited in the service).
    const decided = parseWithZod(formData, { schema: identityChangeSchema });
    if (decided.status !== "success") return data({ result: decided.reply() }, { status: 400 });
    const done = await db().$transaction((tx) =>
      decideIdentityChange(tx, {
        actorId: user.id,
        organisationId: org.id,
        decision: decided.value.decision,
        ip: clientIp(context),
      }),
    );
    if (!done) throw httpError(409, "org:errors.noPendingChange");
    return redirect(
      `/secretariat/organisations/${org.id}?done=${decided.value.decision === "approve" ? "approved" : "refused"}`,
    );
  }
  const submission = parseWithZod(formData, { schema: vettingSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  await db().$transaction((tx) =>
    vetOrganisation(tx, {
      actorId: user.id,
      organisationId: org.id,
      level: submission.value.vettingLevel,
      note: submission.value.note,
      ip: clientIp(context),
    }),
  );
  return redirect(`/secretariat/organisations/${org.id}?done=vetted`);
}

export default function OrganisationVetting({ loaderData, actionData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const locale = useRootData()?.locale ?? "en";
  const [params] = useSearchParams();
  const { org } = loaderData;
  const [form, fields] = useSchemaForm(vettingSchema, {
    id: "vetting",
    lastResult: actionData?.result,
    defaultValue: { vettingLevel: org.vettingLevel, note: org.vettingNote ?? "" },
  });
  const done = params.get("done");
  return (
    <section className="space-y-6" aria-labelledby="vetting-org-title">
      <h1 id="vetting-org-title">{org.name}</h1>
      {done === "vetted" ? <Notice>{t("org:vetting.saved")}</Notice> : null}
      {done === "invited" ? <Notice>{t("org:secretariat.invited")}</Notice> : null}
      {done === "approved" ? <Notice>{t("org:change.approved")}</Notice> : null}
      {done === "refused" ? <Notice>{t("org:change.refused")}</Notice> : null}
      {loaderData.pending ? (
        <>
          <PendingChange pending={loaderData.pending} locale={locale} />
          <Form method="post" className="flex flex-wrap gap-3">
            <input type="hidden" name="intent" value="change" />
            <button type="submit" name="decision" value="approve" className="btn">
              {t("org:change.approve")}
            </button>
            <button type="submit" name="decision" value="refuse" className="btn btn-secondary">
              {t("org:change.refuse")}
            </button>
          </Form>
        </>
      ) : null}
      <p className="flex gap-4">
        <Link to={`/organisations/${org.id}`}>{t("org:profile.view")}</Link>
        <Link to={`/organisations/${org.id}/members`}>{t("org:members.title")}</Link>
        <Link to={`/secretariat/audit?entityType=organisation&entityId=${org.id}`}>{t("audit:title")}</Link>
      </p>
      <ProfileView org={org} locale={locale} />
      {org.vettedAt ? (
        <p>
          {t("org:vetting.lastBy", {
            name: org.vettedBy ?? "—",
            date: formatDate(org.vettedAt, locale, "medium", zone),
          })}
        </p>
      ) : null}
      <SummarisedForm form={form} className="max-w-xl space-y-4">
        <h2>{t("org:vetting.title")}</h2>
        <SelectField
          meta={fields.vettingLevel}
          label={t("org:fields.vetting")}
          options={(["unverified", "verified", "trusted"] as const).map((v) => ({
            value: v,
            label: t(`org:vetting.${v}`),
          }))}
        />
        <TextAreaField
          meta={fields.note}
          label={t("org:vetting.note")}
          hint={t("org:vetting.noteHint")}
          rows={3}
        />
        <button type="submit" className="btn">
          {t("common:actions.save")}
        </button>
      </SummarisedForm>
    </section>
  );
}
