import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Link, redirect } from "react-router";
import { db } from "~/utils/db.server";
import { NewPasswordFields } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { resetPasswordSchema } from "../schemas";
import { readForm } from "~/utils/forms.server";
import { newPasswordErrors } from "../services/password-policy.server";
import { resetPassword } from "../services/password-reset.server";
import { hit } from "~/utils/rate-limit.server";
import { clearSessionCookie } from "../services/session.server";
import { clientIp, tooManyAttempts } from "~/utils/request.server";
import { peekUserToken } from "../services/tokens.server";
import type { Route } from "./+types/reset-password";
import { useSchemaForm } from "~/components/use-schema-form";

export const headers = retryAfterHeaders;

export async function loader({ params, context }: Route.LoaderArgs) {
  const limited = await hit("tokenIp", clientIp(context) ?? "no-ip");
  if (!limited.ok)
    return data({ valid: false }, { status: 429, headers: { "Retry-After": String(limited.retryAfter) } });
  const row = await peekUserToken(db(), params.token, "password_reset");
  return data({ valid: !!row }, { status: row ? 200 : 410 });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ip = clientIp(context);
  const submission = parseWithZod(await readForm(request), { schema: resetPasswordSchema });
  const hide = { hideFields: ["password", "confirmPassword"] };
  if (submission.status !== "success") return data({ result: submission.reply(hide) }, { status: 400 });
  const limited = await hit("tokenIp", ip ?? "no-ip");
  if (!limited.ok)
    return tooManyAttempts(
      submission.reply({ formErrors: ["auth:errors.tooManyAttempts"], ...hide }),
      limited.retryAfter,
    );
  const row = await peekUserToken(db(), params.token, "password_reset");
  if (!row)
    return data(
      { result: submission.reply({ formErrors: ["auth:reset.invalid"], ...hide }) },
      { status: 410 },
    );
  const user = await db().user.findUnique({ where: { id: row.userId }, select: { email: true, name: true } });
  const weak = newPasswordErrors(submission.value.password, [user?.email, user?.name]);
  if (weak) return data({ result: submission.reply({ fieldErrors: weak, ...hide }) }, { status: 400 });
  const ok = await resetPassword({ token: params.token, password: submission.value.password, ip });
  if (!ok)
    return data(
      { result: submission.reply({ formErrors: ["auth:reset.invalid"], ...hide }) },
      { status: 410 },
    );
  return redirect("/login?done=reset", { headers: { "Set-Cookie": clearSessionCookie() } });
}

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(resetPasswordSchema, {
    id: "reset-password",
    lastResult: actionData?.result,
  });
  return (
    <section className="mx-auto max-w-md space-y-6" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("auth:reset.title")}</h1>
      {loaderData.valid ? (
        <>
          <p>{t("auth:reset.intro")}</p>
          <SummarisedForm form={form}>
            <NewPasswordFields password={fields.password} confirmPassword={fields.confirmPassword} />
            <button type="submit" className="btn">
              {t("auth:reset.submit")}
            </button>
          </SummarisedForm>
        </>
      ) : (
        <>
          <p role="alert">{t("auth:reset.invalid")}</p>
          <p>
            <Link to="/forgot-password">{t("auth:reset.askAgain")}</Link>
          </p>
        </>
      )}
    </section>
  );
}
