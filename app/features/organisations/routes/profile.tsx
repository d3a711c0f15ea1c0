import { getInputProps } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { ErrorList, Notice, SelectField, TextAreaField, TextField } from "~/components/form-fields";
import { idParam, readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { isVerifiedSecretariat, requireOrganisationAdmin, requireUser } from "~/features/auth/index.server";
import { isAdminOf } from "~/features/auth/policy";
import { countries, regions } from "~/features/taxonomy/reference-data";
import { countryName } from "~/i18n/format";
import { useRootData } from "~/root";
import { notFound } from "~/utils/http.server";
import { PendingChange } from "../components/pending-change";
import { ProfileView } from "../components/profile-view";
import { profileSchema } from "../schemas";
import { CheckboxGroupField } from "~/components/checkbox-group";
import { languageOptions } from "~/features/taxonomy/pickers";
import { getOrganisation, updateProfile } from "../services/organisations.server";
import type { Route } from "./+types/profile";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const organisationId = idParam(params.organisationId);
  const membership = ctx.memberships.find((m) => m.organisationId === organisationId);
  if (!membership && !isVerifiedSecretariat(ctx)) throw notFound();
  const org = await getOrganisation(organisationId);
  if (!org) throw notFound();
  const { vettingNote, vettedBy, pending, ...profile } = org;
  const secretariat = isVerifiedSecretariat(ctx);
  // A pending change of name or coverage is the organisation's admins' and the secretariat's to see.
  const seesPending = secretariat || membership?.role === "admin";
  return {
    org: {
      ...profile,
      vettedAt: profile.vettedAt?.toISOString() ?? null,
      createdAt: profile.createdAt.toISOString(),
    },
    vetting: secretariat ? { note: vettingNote, by: vettedBy?.name ?? null } : null,
    // The profile shows what was asked for; who asked and when are on the secretariat's page.
    pending: seesPending && pending ? { name: pending.name, coverage: pending.coverage } : null,
    canEdit: isAdminOf(ctx.viewer, organisationId),
    isMember: !!membership,
    canSwitch:
      !!membership &&
      ctx.memberships.length > 1 &&
      (ctx.session.activeOrganisationId ?? ctx.memberships[0]?.organisationId) !== organisationId,
    secretariat,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { user, viewer } = await requireOrganisationAdmin(request, params.organisationId);
  const submission = parseWithZod(await readForm(request), { schema: profileSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { pending } = await db().$transaction((tx) =>
    updateProfile(tx, {
      actorId: user.id,
      viewer,
      organisationId: params.organisationId,
      profile: submission.value,
      ip: clientIp(context),
    }),
  );
  return redirect(`/organisations/${params.organisationId}?done=${pending ? "pending" : "saved"}`);
}

export default function OrganisationProfile({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const locale = useRootData()?.locale ?? "en";
  const [params] = useSearchParams();
  const { org } = loaderData;
  const [form, fields] = useSchemaForm(profileSchema, {
    id: "organisation-profile",
    lastResult: actionData?.result,
    defaultValue: {
      name: org.name,
      countryCode: org.countryCode ?? undefined,
      coverageGlobal: org.coverageGlobal ? "on" : undefined,
      coverageCountries: org.coverageCountries,
      coverageRegions: org.coverageRegions,
      languages: org.languages,
      description: org.description ?? "",
      website: org.website ?? "",
    } as never, // list fields take arrays; their schema input is typed loosely (preprocess)
  });
  const countryOptions = countries
    .map((c) => ({ value: c.code, label: countryName(c.code, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  return (
    <section className="space-y-6" aria-labelledby="org-title">
      <h1 id="org-title">{org.name}</h1>
      {params.get("done") === "saved" ? <Notice>{t("org:profile.saved")}</Notice> : null}
      {params.get("done") === "pending" ? <Notice>{t("org:change.requested")}</Notice> : null}
      {loaderData.pending ? <PendingChange pending={loaderData.pending} locale={locale} /> : null}
      {params.get("done") === "joined" ? (
        <Notice>{t("org:profile.joined", { name: org.name })}</Notice>
      ) : null}
      {org.vettingLevel === "unverified" && loaderData.isMember ? (
        <p>{t("org:profile.unverifiedNotice")}</p>
      ) : null}
      <p className="flex gap-4">
        <Link to={`/organisations/${org.id}/members`}>{t("org:members.title")}</Link>
        {loaderData.canEdit && org.kind === "COALITION" ? (
          <Link to={`/organisations/${org.id}/exclusions`}>{t("outreach:exclusions.link")}</Link>
        ) : null}
        {loaderData.secretariat ? (
          <Link to={`/secretariat/organisations/${org.id}`}>{t("org:vetting.title")}</Link>
        ) : null}
      </p>
      {loaderData.canSwitch ? (
        <Form method="post" action="/organisation">
          <input type="hidden" name="organisationId" value={org.id} />
          <button type="submit" className="btn btn-secondary">
            {t("org:profile.makeActive", { name: org.name })}
          </button>
        </Form>
      ) : null}
      <ProfileView org={org} locale={locale} />
      {loaderData.canEdit ? (
        <SummarisedForm form={form} className="max-w-2xl space-y-4">
          <h2>{t("org:profile.edit")}</h2>
          <TextField meta={fields.name} label={t("org:fields.name")} />
          {org.kind === "COALITION" ? (
            <SelectField meta={fields.countryCode} label={t("org:fields.country")} options={countryOptions} />
          ) : null}
          {org.kind === "EXPERT" ? (
            <fieldset className="space-y-3">
              <legend>{t("org:fields.coverage")}</legend>
              <div>
                <input {...getInputProps(fields.coverageGlobal, { type: "checkbox" })} />{" "}
                <label htmlFor={fields.coverageGlobal.id}>{t("org:fields.global")}</label>
              </div>
              <fieldset>
                <legend>{t("org:fields.regions")}</legend>
                {regions.map((r) => (
                  <div key={r}>
                    <input
                      type="checkbox"
                      id={`region-${r}`}
                      name={fields.coverageRegions.name}
                      value={r}
                      defaultChecked={org.coverageRegions.includes(r)}
                    />{" "}
                    <label htmlFor={`region-${r}`}>{t(`org:regions.${r}`)}</label>
                  </div>
                ))}
                <ErrorList id={fields.coverageRegions.errorId} errors={fields.coverageRegions.errors} />
              </fieldset>
              <SelectField
                meta={fields.coverageCountries}
                label={t("org:fields.countries")}
                options={countryOptions}
                multiple
                hint={t("org:fields.multiHint")}
              />
            </fieldset>
          ) : null}
          <CheckboxGroupField
            meta={fields.languages}
            legend={t("org:fields.languages")}
            options={languageOptions(locale, org.languages)}
            common={["en", "es", "fr", "pt", "ar"]}
            moreLabel={t("common:errorSummary.moreLanguages")}
          />
          <TextAreaField meta={fields.description} label={t("org:fields.description")} />
          <TextField meta={fields.website} label={t("org:fields.website")} type="url" />
          <button type="submit" className="btn">
            {t("common:actions.save")}
          </button>
        </SummarisedForm>
      ) : null}
    </section>
  );
}
