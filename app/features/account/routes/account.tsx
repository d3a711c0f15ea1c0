import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect, useSearchParams } from "react-router";
import { CurrentPasswordField, Notice, SelectField, TextField } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { recheckPassword, requireUser } from "~/features/auth/index.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp, rateLimited } from "~/utils/request.server";
import { supportedLocales } from "~/i18n/config";
import { emailChangeSchema, profileSchema } from "../schemas";
import { requestEmailChange, updateProfile } from "../services/account.server";
import { retryAfterHeaders } from "~/utils/route-headers";
import type { Route } from "./+types/account";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

export const headers = retryAfterHeaders;

export async function loader({ request }: Route.LoaderArgs) {
  const { user } = await requireUser(request);
  return { name: user.name, email: user.email, locale: user.locale };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireUser(request);
  const formData = await readForm(request);
  const ip = clientIp(context);
  if (formData.get("intent") === "email") {
    const submission = parseWithZod(formData, { schema: emailChangeSchema });
    if (submission.status !== "success") {
      return data(
        { form: "email" as const, result: submission.reply({ hideFields: ["currentPassword"] }) },
        { status: 400 },
      );
    }
    const limited = await hit("emailChange", user.id);
    if (!limited.ok) {
      return rateLimited(
        {
          form: "email" as const,
          result: submission.reply({
            formErrors: ["auth:errors.tooManyAttempts"],
            hideFields: ["currentPassword"],
          }),
        },
        limited.retryAfter,
      );
    }
    const wrong = await recheckPassword(user.id, submission.value.currentPassword);
    if (wrong) {
      return data(
        {
          form: "email" as const,
          result: submission.reply({ fieldErrors: wrong, hideFields: ["currentPassword"] }),
        },
        { status: 400 },
      );
    }
    await db().$transaction((tx) =>
      requestEmailChange(tx, { userId: user.id, newEmail: submission.value.newEmail, ip }),
    );
    return redirect("/settings?done=emailSent");
  }
  const submission = parseWithZod(formData, { schema: profileSchema });
  if (submission.status !== "success") {
    return data({ form: "profile" as const, result: submission.reply() }, { status: 400 });
  }
  await db().$transaction((tx) =>
    updateProfile(tx, { userId: user.id, name: submission.value.name, locale: submission.value.locale, ip }),
  );
  return redirect("/settings?done=saved");
}

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const done = params.get("done");
  const [profileForm, profile] = useSchemaForm(profileSchema, {
    id: "profile",
    lastResult: actionData?.form === "profile" ? actionData.result : undefined,
    defaultValue: { name: loaderData.name, locale: loaderData.locale },
  });
  const [emailForm, email] = useSchemaForm(emailChangeSchema, {
    id: "email-change",
    lastResult: actionData?.form === "email" ? actionData.result : undefined,
  });
  return (
    <section className="max-w-xl space-y-8" aria-labelledby="account-title">
      <h1 id="account-title">{t("account:account.title")}</h1>
      {done === "saved" ? <Notice>{t("account:account.saved")}</Notice> : null}
      {done === "emailSent" ? <Notice>{t("account:account.emailSent")}</Notice> : null}
      {done === "left" ? <Notice>{t("account:account.left")}</Notice> : null}
      <SummarisedForm form={profileForm}>
        <input type="hidden" name="intent" value="profile" />
        <h2>{t("account:account.profile")}</h2>
        <TextField meta={profile.name} label={t("auth:fields.name")} autoComplete="name" />
        <SelectField
          meta={profile.locale}
          label={t("account:account.locale")}
          options={supportedLocales.map((l) => ({ value: l, label: t(`common:language.${l}`) }))}
        />
        <button type="submit" className="btn">
          {t("common:actions.save")}
        </button>
      </SummarisedForm>
      <SummarisedForm form={emailForm}>
        <input type="hidden" name="intent" value="email" />
        <h2>{t("account:account.emailTitle")}</h2>
        <p>{t("account:account.currentEmail", { email: loaderData.email })}</p>
        <TextField
          meta={email.newEmail}
          label={t("account:account.newEmail")}
          type="email"
          autoComplete="email"
          hint={t("account:account.emailHint")}
        />
        <CurrentPasswordField meta={email.currentPassword} />
        <button type="submit" className="btn">
          {t("account:account.changeEmail")}
        </button>
      </SummarisedForm>
    </section>
  );
}
