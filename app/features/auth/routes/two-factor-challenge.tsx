import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, redirect, useSearchParams } from "react-router";
import { CodeField } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { twoFactorChallengeSchema } from "../schemas";
import { readForm } from "~/utils/forms.server";
import { clearPendingCookie, readPending } from "../services/pending-two-factor.server";
import { hitAll, resetLimit } from "~/utils/rate-limit.server";
import { clientIp, tooManyAttempts, userAgent } from "~/utils/request.server";
import { getViewer, safeRedirect } from "../services/session.server";
import { startSession } from "../services/sign-in.server";
import { markSessionVerified, verifySecondFactor } from "../services/two-factor.server";
import type { Route } from "./+types/two-factor-challenge";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

export const headers = retryAfterHeaders;

/** Who is being challenged: a signed-in session stepping up, or a sign-in waiting for its second factor. */
async function challenged(request: Request) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  const ctx = await getViewer(request);
  if (ctx) {
    if (!ctx.user.totpEnabledAt)
      throw redirect(`/settings/two-factor?redirectTo=${encodeURIComponent(redirectTo)}`);
    if (ctx.session.twoFactorVerifiedAt) throw redirect(redirectTo);
    return { mode: "stepUp" as const, userId: ctx.user.id, sessionId: ctx.session.id, redirectTo };
  }
  const pending = readPending(request);
  if (!pending) throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  return { mode: "signIn" as const, userId: pending, sessionId: null, redirectTo };
}

export async function loader({ request }: Route.LoaderArgs) {
  const { mode } = await challenged(request);
  return { mode };
}

export async function action({ request, context }: Route.ActionArgs) {
  const who = await challenged(request);
  const ip = clientIp(context);
  const submission = parseWithZod(await readForm(request), { schema: twoFactorChallengeSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });
  const limited = await hitAll([
    ["twoFactorAccount", who.userId],
    ["twoFactorIp", ip ?? "no-ip"],
  ]);
  if (!limited.ok)
    return tooManyAttempts(
      submission.reply({ formErrors: ["auth:errors.tooManyAttempts"], hideFields: ["code"] }),
      limited.retryAfter,
    );
  const result = await db().$transaction((tx) =>
    verifySecondFactor(tx, { userId: who.userId, code: submission.value.code, ip }),
  );
  if (!result.ok)
    return data(
      {
        result: submission.reply({
          fieldErrors: { code: ["auth:errors.codeInvalid"] },
          hideFields: ["code"],
        }),
      },
      { status: 400 },
    );
  await resetLimit("twoFactorAccount", who.userId);
  const to = submission.value.redirectTo ? safeRedirect(submission.value.redirectTo) : who.redirectTo;
  if (who.mode === "stepUp" && who.sessionId) {
    await db().$transaction((tx) =>
      markSessionVerified(tx, { userId: who.userId, sessionId: who.sessionId, method: result.method, ip }),
    );
    return redirect(to);
  }
  const cookie = await db().$transaction((tx) =>
    startSession(tx, {
      request,
      userId: who.userId,
      ip,
      userAgent: userAgent(request),
      twoFactorVerified: true,
      method: result.method,
    }),
  );
  const headers = new Headers();
  headers.append("Set-Cookie", cookie);
  headers.append("Set-Cookie", clearPendingCookie());
  return redirect(to, { headers });
}

export default function TwoFactorChallenge({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(twoFactorChallengeSchema, {
    id: "two-factor",
    lastResult: actionData?.result,
  });
  return (
    <section className="mx-auto max-w-md space-y-6" aria-labelledby="tfa-title">
      <h1 id="tfa-title">{t("auth:twoFactor.challengeTitle")}</h1>
      <p>{t("auth:twoFactor.challengeIntro")}</p>
      <SummarisedForm form={form}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <CodeField meta={fields.code} inputMode="text" />
        <button type="submit" className="btn">
          {t("auth:twoFactor.verify")}
        </button>
      </SummarisedForm>
      <Form method="post" action="/logout">
        <button type="submit" className="btn btn-secondary">
          {t("auth:twoFactor.cancel")}
        </button>
      </Form>
    </section>
  );
}
