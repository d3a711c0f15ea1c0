import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Link, redirect, useSearchParams } from "react-router";
import { TextField } from "~/components/form-fields";
import { loginSchema } from "../schemas";
import { readForm } from "~/utils/forms.server";
import { pendingCookie } from "../services/pending-two-factor.server";
import { clientIp, tooManyAttempts, userAgent } from "~/utils/request.server";
import { requireAnonymous, safeRedirect } from "../services/session.server";
import { attemptSignIn } from "../services/sign-in.server";
import { retryAfterHeaders } from "~/utils/route-headers";
import type { Route } from "./+types/login";
import { useSchemaForm } from "~/components/use-schema-form";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export const headers = retryAfterHeaders;

export async function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  await requireAnonymous(request, safeRedirect(url.searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await attemptSignIn({
    request,
    email,
    password,
    ip: clientIp(context),
    userAgent: userAgent(request),
  });
  const to = safeRedirect(redirectTo);
  switch (result.kind) {
    case "rate_limited":
      return tooManyAttempts(
        submission.reply({ formErrors: ["auth:errors.tooManyAttempts"], hideFields: ["password"] }),
        result.retryAfter,
      );
    case "invalid":
      return data(
        {
          result: submission.reply({
            formErrors: ["auth:errors.invalidCredentials"],
            hideFields: ["password"],
          }),
        },
        { status: 400 },
      );
    case "two_factor":
      return redirect(`/login/two-factor?redirectTo=${encodeURIComponent(to)}`, {
        headers: [
          ["Set-Cookie", pendingCookie(result.userId)],
          ["Set-Cookie", result.deviceCookie],
        ],
      });
    case "signed_in":
      return redirect(to, {
        headers: [
          ["Set-Cookie", result.cookie],
          ["Set-Cookie", result.deviceCookie],
        ],
      });
  }
}

export default function Login({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(loginSchema, {
    id: "login",
    lastResult: actionData?.result,
    shouldRevalidate: "onInput",
  });
  return (
    <section className="mx-auto max-w-md space-y-6" aria-labelledby="login-title">
      <h1 id="login-title">{t("auth:login.title")}</h1>
      {params.get("done") === "reset" ? <p role="status">{t("auth:reset.done")}</p> : null}
      <SummarisedForm form={form}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField meta={fields.email} label={t("auth:fields.email")} type="email" autoComplete="username" />
        <TextField
          meta={fields.password}
          label={t("auth:fields.password")}
          type="password"
          autoComplete="current-password"
        />
        <button type="submit" className="btn">
          {t("auth:login.submit")}
        </button>
      </SummarisedForm>
      <p>
        <Link to="/forgot-password">{t("auth:login.forgot")}</Link>
      </p>
      <p className="text-sm text-[var(--color-muted)]">{t("auth:login.invitationOnly")}</p>
    </section>
  );
}
