import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect, useSearchParams } from "react-router";
import { Notice, TextField } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { forgotPasswordSchema } from "../schemas";
import { readForm } from "~/utils/forms.server";
import { requestPasswordReset } from "../services/password-reset.server";
import { clientIp, tooManyAttempts } from "~/utils/request.server";
import type { Route } from "./+types/forgot-password";
import { useSchemaForm } from "~/components/use-schema-form";

export const headers = retryAfterHeaders;

export function loader() {
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await requestPasswordReset({ email: submission.value.email, ip: clientIp(context) });
  if (!outcome.ok)
    return tooManyAttempts(
      submission.reply({ formErrors: ["auth:errors.tooManyAttempts"] }),
      outcome.retryAfter,
    );
  return redirect("/forgot-password?sent=1");
}

export default function ForgotPassword({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(forgotPasswordSchema, {
    id: "forgot-password",
    lastResult: actionData?.result,
  });
  return (
    <section className="mx-auto max-w-md space-y-6" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("auth:forgot.title")}</h1>
      {params.get("sent") ? <Notice>{t("auth:forgot.sent")}</Notice> : null}
      <p>{t("auth:forgot.intro")}</p>
      <SummarisedForm form={form}>
        <TextField meta={fields.email} label={t("auth:fields.email")} type="email" autoComplete="email" />
        <button type="submit" className="btn">
          {t("auth:forgot.submit")}
        </button>
      </SummarisedForm>
    </section>
  );
}
