import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect, useSearchParams } from "react-router";
import { CurrentPasswordField, NewPasswordFields, Notice } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { changePasswordSchema } from "~/features/auth/schemas";
import { readForm } from "~/utils/forms.server";
import {
  newPasswordErrors,
  changePassword,
  recheckPassword,
  requireUser,
} from "~/features/auth/index.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp, tooManyAttempts } from "~/utils/request.server";
import type { Route } from "./+types/password";
import { useSchemaForm } from "~/components/use-schema-form";

export const headers = retryAfterHeaders;

export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user, session } = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: changePasswordSchema });
  const hide = { hideFields: ["currentPassword", "password", "confirmPassword"] };
  if (submission.status !== "success") return data({ result: submission.reply(hide) }, { status: 400 });
  const limited = await hit("reauthAccount", user.id);
  if (!limited.ok)
    return tooManyAttempts(
      submission.reply({ formErrors: ["auth:errors.tooManyAttempts"], ...hide }),
      limited.retryAfter,
    );
  const wrong =
    (await recheckPassword(user.id, submission.value.currentPassword)) ??
    newPasswordErrors(submission.value.password, [user.email, user.name]);
  if (wrong) return data({ result: submission.reply({ fieldErrors: wrong, ...hide }) }, { status: 400 });
  await changePassword({
    userId: user.id,
    sessionId: session.id,
    password: submission.value.password,
    ip: clientIp(context),
  });
  return redirect("/settings/password?done=1");
}

export default function ChangePassword({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(changePasswordSchema, {
    id: "change-password",
    lastResult: actionData?.result,
  });
  return (
    <section className="max-w-md space-y-6" aria-labelledby="password-title">
      <h1 id="password-title">{t("account:password.title")}</h1>
      {params.get("done") ? <Notice>{t("account:password.done")}</Notice> : null}
      <p>{t("account:password.intro")}</p>
      <SummarisedForm form={form}>
        <CurrentPasswordField meta={fields.currentPassword} />
        <NewPasswordFields password={fields.password} confirmPassword={fields.confirmPassword} />
        <button type="submit" className="btn">
          {t("account:password.submit")}
        </button>
      </SummarisedForm>
    </section>
  );
}
