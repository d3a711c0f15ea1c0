import { getInputProps } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect } from "react-router";
import { CurrentPasswordField, ErrorList } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { readForm } from "~/utils/forms.server";
import { recheckPassword, clearSessionCookie, requireUser } from "~/features/auth/index.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp, tooManyAttempts } from "~/utils/request.server";
import { deleteAccountSchema } from "../schemas";
import { deleteAccount } from "../services/personal-data.server";
import type { Route } from "./+types/data";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

export const headers = retryAfterHeaders;

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: deleteAccountSchema });
  const hide = { hideFields: ["currentPassword"] };
  if (submission.status !== "success") return data({ result: submission.reply(hide) }, { status: 400 });
  const limited = await hit("reauthAccount", user.id);
  if (!limited.ok)
    return tooManyAttempts(
      submission.reply({ formErrors: ["auth:errors.tooManyAttempts"], ...hide }),
      limited.retryAfter,
    );
  const wrong = await recheckPassword(user.id, submission.value.currentPassword);
  if (wrong) return data({ result: submission.reply({ fieldErrors: wrong, ...hide }) }, { status: 400 });
  const outcome = await db().$transaction((tx) =>
    deleteAccount(tx, { userId: user.id, ip: clientIp(context) }),
  );
  if (outcome === "last_admin")
    return data(
      { result: submission.reply({ formErrors: ["account:data.lastAdmin"], ...hide }) },
      { status: 409 },
    );
  return redirect("/?deleted=1", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export default function PersonalData({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(deleteAccountSchema, {
    id: "delete-account",
    lastResult: actionData?.result,
  });
  return (
    <section className="max-w-2xl space-y-6" aria-labelledby="data-title">
      <h1 id="data-title">{t("account:data.title")}</h1>
      <h2>{t("account:data.downloadTitle")}</h2>
      <p>{t("account:data.downloadIntro")}</p>
      <p>
        <a href="/settings/data/export" className="btn" download>
          {t("account:data.download")}
        </a>
      </p>
      <h2>{t("account:data.deleteTitle")}</h2>
      <p>{t("account:data.deleteIntro")}</p>
      <SummarisedForm form={form}>
        <CurrentPasswordField meta={fields.currentPassword} />
        <div>
          <input {...getInputProps(fields.confirm, { type: "checkbox" })} />{" "}
          <label htmlFor={fields.confirm.id}>{t("account:data.confirm")}</label>
          <ErrorList id={fields.confirm.errorId} errors={fields.confirm.errors} />
        </div>
        <button type="submit" className="btn">
          {t("account:data.delete")}
        </button>
      </SummarisedForm>
    </section>
  );
}
