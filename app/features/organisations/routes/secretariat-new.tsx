import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect } from "react-router";
import { SelectField, TextField } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { readForm } from "~/utils/forms.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp, tooManyAttempts } from "~/utils/request.server";
import { requireSecretariat } from "~/features/auth/index.server";
import { countries } from "~/features/taxonomy/reference-data";
import { getLocale } from "~/i18n/i18n.server";
import { countryName } from "~/i18n/format";
import { useRootData } from "~/root";
import { inviteOrganisationSchema } from "../schemas";
import { inviteOrganisation } from "../services/invitations.server";
import type { Route } from "./+types/secretariat-new";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

export const headers = retryAfterHeaders;

export async function loader({ request }: Route.LoaderArgs) {
  await requireSecretariat(request);
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireSecretariat(request);
  const submission = parseWithZod(await readForm(request), { schema: inviteOrganisationSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const limited = await hit("inviteSend", user.id);
  if (!limited.ok)
    return tooManyAttempts(
      submission.reply({ formErrors: ["auth:errors.tooManyAttempts"] }),
      limited.retryAfter,
    );
  const v = submission.value;
  const { organisation } = await db().$transaction((tx) =>
    inviteOrganisation(tx, {
      inviter: { id: user.id, name: user.name },
      kind: v.kind,
      name: v.name,
      countryCode: v.countryCode ?? null,
      email: v.email,
      locale: getLocale(request, user.locale),
      ip: clientIp(context),
    }),
  );
  return redirect(`/secretariat/organisations/${organisation.id}?done=invited`);
}

export default function InviteOrganisation({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const locale = useRootData()?.locale ?? "en";
  const [form, fields] = useSchemaForm(inviteOrganisationSchema, {
    id: "invite-organisation",
    lastResult: actionData?.result,
    defaultValue: { kind: "COALITION" },
  });
  const countryOptions = [{ value: "", label: t("org:fields.noCountry") }].concat(
    countries
      .map((c) => ({ value: c.code, label: countryName(c.code, locale) }))
      .sort((a, b) => a.label.localeCompare(b.label, locale)),
  );
  return (
    <section className="max-w-xl space-y-6" aria-labelledby="invite-org-title">
      <h1 id="invite-org-title">{t("org:secretariat.inviteNew")}</h1>
      <p>{t("org:secretariat.inviteIntro")}</p>
      <SummarisedForm form={form}>
        <SelectField
          meta={fields.kind}
          label={t("org:fields.kind")}
          options={(["COALITION", "EXPERT", "SECRETARIAT"] as const).map((k) => ({
            value: k,
            label: t(`org:kind.${k}`),
          }))}
        />
        <TextField meta={fields.name} label={t("org:fields.name")} />
        <SelectField
          meta={fields.countryCode}
          label={t("org:fields.countryForCoalition")}
          options={countryOptions}
        />
        <TextField meta={fields.email} label={t("org:secretariat.adminEmail")} type="email" />
        <button type="submit" className="btn">
          {t("org:members.sendInvitation")}
        </button>
      </SummarisedForm>
    </section>
  );
}
