import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { Notice } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { confirmEmailToken, peekVerification } from "../services/email-verification.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp } from "~/utils/request.server";
import type { Route } from "./+types/verify-email";

export const headers = retryAfterHeaders;

/** GET only shows a button: link scanners in mail systems open links, and must not consume them. */
export async function loader({ params, context }: Route.LoaderArgs) {
  if (params.token === "done") return { valid: false };
  const limited = await hit("tokenIp", clientIp(context) ?? "no-ip");
  if (!limited.ok)
    return data({ valid: false }, { status: 429, headers: { "Retry-After": String(limited.retryAfter) } });
  const row = await peekVerification(params.token);
  return data({ valid: !!row }, { status: row ? 200 : 410 });
}

export async function action({ params, context }: Route.ActionArgs) {
  const ip = clientIp(context);
  const limited = await hit("tokenIp", ip ?? "no-ip");
  if (!limited.ok)
    return data(
      { outcome: "invalid" as const },
      { status: 429, headers: { "Retry-After": String(limited.retryAfter) } },
    );
  const outcome = await confirmEmailToken({ token: params.token, ip });
  if (outcome === "invalid") return data({ outcome }, { status: 410 });
  return redirect(`/verify-email/done?result=${outcome}`);
}

export default function VerifyEmail({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const result = params.get("result");
  const invalid = actionData?.outcome === "invalid" || (!loaderData.valid && !result);
  return (
    <section className="mx-auto max-w-md space-y-6" aria-labelledby="verify-title">
      <h1 id="verify-title">{t("auth:verify.title")}</h1>
      {result === "changed" ? <Notice>{t("auth:verify.changed")}</Notice> : null}
      {result === "verified" ? <Notice>{t("auth:verify.done")}</Notice> : null}
      {result ? (
        <p>
          <Link to="/">{t("auth:verify.continue")}</Link>
        </p>
      ) : invalid ? (
        <p role="alert">{t("auth:verify.invalid")}</p>
      ) : (
        <Form method="post">
          <button type="submit" className="btn">
            {t("auth:verify.confirm")}
          </button>
        </Form>
      )}
    </section>
  );
}
