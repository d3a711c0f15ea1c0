import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, redirect, useSearchParams } from "react-router";
import { z } from "zod";
import { CodeField, Notice, TextField } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { currentPasswordField, otpField } from "~/features/auth/schemas";
import { readForm } from "~/utils/forms.server";
import {
  recheckPassword,
  requireUser,
  safeRedirect,
  beginTwoFactorSetup,
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateRecoveryCodes,
  remainingRecoveryCodes,
  setupDetails,
  verifySecondFactor,
} from "~/features/auth/index.server";
import { hitAll, resetLimit } from "~/utils/rate-limit.server";
import { clientIp, tooManyAttempts } from "~/utils/request.server";
import { db } from "~/utils/db.server";
import { badRequest, httpError } from "~/utils/http.server";
import type { Route } from "./+types/two-factor";
import { useSchemaForm } from "~/components/use-schema-form";

export const headers = retryAfterHeaders;

const confirmSchema = z.object({ intent: z.literal("confirm"), code: otpField });
const codeSchema = z.object({
  intent: z.enum(["regenerate", "disable"]),
  code: otpField,
  currentPassword: currentPasswordField.optional(),
});

export async function loader({ request }: Route.LoaderArgs) {
  const { user, memberships } = await requireUser(request);
  const row = await db().user.findUniqueOrThrow({
    where: { id: user.id },
    select: { email: true, totpSecret: true, totpEnabledAt: true },
  });
  const required = memberships.some((m) => m.kind === "SECRETARIAT");
  if (row.totpEnabledAt)
    return {
      state: "enabled" as const,
      required,
      remaining: await remainingRecoveryCodes(user.id),
      setup: null,
    };
  if (row.totpSecret)
    return {
      state: "pending" as const,
      required,
      remaining: 0,
      setup: await setupDetails({ email: row.email, totpSecret: row.totpSecret }),
    };
  return { state: "off" as const, required, remaining: 0, setup: null };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user, session, memberships } = await requireUser(request);
  const ip = clientIp(context);
  const form = await readForm(request);
  const intent = form.get("intent");
  const back = new URL(request.url).searchParams.get("redirectTo");
  if (intent === "start") {
    await db().$transaction((tx) => beginTwoFactorSetup(tx, user.id, ip));
    return redirect(
      `/settings/two-factor${back ? `?redirectTo=${encodeURIComponent(safeRedirect(back))}` : ""}`,
    );
  }
  const limitedFor = () =>
    hitAll([
      ["twoFactorAccount", user.id],
      ["twoFactorIp", ip ?? "no-ip"],
    ]);
  if (intent === "confirm") {
    const submission = parseWithZod(form, { schema: confirmSchema });
    if (submission.status !== "success")
      return data({ result: submission.reply({ hideFields: ["code"] }), codes: null }, { status: 400 });
    const limited = await limitedFor();
    if (!limited.ok)
      return tooManyAttempts(
        submission.reply({ formErrors: ["auth:errors.tooManyAttempts"], hideFields: ["code"] }),
        limited.retryAfter,
      );
    const codes = await db().$transaction((tx) =>
      confirmTwoFactorSetup(tx, {
        userId: user.id,
        sessionId: session.id,
        code: submission.value.code,
        ip,
      }),
    );
    if (!codes)
      return data(
        {
          result: submission.reply({
            fieldErrors: { code: ["auth:errors.codeInvalid"] },
            hideFields: ["code"],
          }),
          codes: null,
        },
        { status: 400 },
      );
    await resetLimit("twoFactorAccount", user.id);
    return { result: submission.reply({ resetForm: true }), codes, next: back ? safeRedirect(back) : null };
  }
  if (intent === "regenerate" || intent === "disable") {
    const submission = parseWithZod(form, { schema: codeSchema });
    const hide = { hideFields: ["code", "currentPassword"] };
    if (submission.status !== "success")
      return data({ result: submission.reply(hide), codes: null }, { status: 400 });
    const limited = await limitedFor();
    if (!limited.ok)
      return tooManyAttempts(
        submission.reply({ formErrors: ["auth:errors.tooManyAttempts"], ...hide }),
        limited.retryAfter,
      );
    if (intent === "disable") {
      if (memberships.some((m) => m.kind === "SECRETARIAT"))
        throw httpError(409, "account:twoFactor.requiredForSecretariat");
      const wrong = await recheckPassword(user.id, submission.value.currentPassword ?? "");
      if (wrong)
        return data(
          { result: submission.reply({ fieldErrors: wrong, ...hide }), codes: null },
          { status: 400 },
        );
    }
    const ok = await db().$transaction((tx) =>
      verifySecondFactor(tx, { userId: user.id, code: submission.value.code, ip }),
    );
    if (!ok.ok)
      return data(
        {
          result: submission.reply({ fieldErrors: { code: ["auth:errors.codeInvalid"] }, ...hide }),
          codes: null,
        },
        { status: 400 },
      );
    if (intent === "disable") {
      await db().$transaction((tx) => disableTwoFactor(tx, { userId: user.id, ip }));
      return redirect("/settings/two-factor?done=disabled");
    }
    const codes = await db().$transaction((tx) => regenerateRecoveryCodes(tx, { userId: user.id, ip }));
    return { result: submission.reply({ resetForm: true }), codes, next: null };
  }
  throw badRequest();
}

export default function TwoFactorSettings({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [confirmForm, confirmFields] = useSchemaForm(confirmSchema, {
    id: "tfa-confirm",
    lastResult: loaderData.state === "pending" ? actionData?.result : undefined,
  });
  const [manageForm, manageFields] = useSchemaForm(codeSchema, {
    id: "tfa-manage",
    lastResult: loaderData.state === "enabled" ? actionData?.result : undefined,
    constraints: false,
  });
  const codes = actionData && "codes" in actionData ? actionData.codes : null;
  const next = actionData && "next" in actionData ? actionData.next : null;
  return (
    <section className="max-w-2xl space-y-6" aria-labelledby="tfa-settings-title">
      <h1 id="tfa-settings-title">{t("account:twoFactor.title")}</h1>
      {params.get("done") === "disabled" ? <Notice>{t("account:twoFactor.disabled")}</Notice> : null}
      {loaderData.required ? <p>{t("account:twoFactor.requiredNotice")}</p> : null}
      {codes ? (
        <div className="card space-y-3" role="status">
          <h2>{t("account:twoFactor.codesTitle")}</h2>
          <p>{t("account:twoFactor.codesIntro")}</p>
          <ul className="grid grid-cols-2 gap-2 font-mono">
            {codes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          {next ? <a href={next}>{t("account:twoFactor.continue")}</a> : null}
        </div>
      ) : null}
      {loaderData.state === "off" ? (
        <>
          <p>{t("account:twoFactor.offIntro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <button type="submit" className="btn">
              {t("account:twoFactor.start")}
            </button>
          </Form>
        </>
      ) : null}
      {loaderData.state === "pending" && loaderData.setup ? (
        <>
          <ol className="list-decimal space-y-3 pl-6">
            <li>{t("account:twoFactor.step1")}</li>
            <li>
              {t("account:twoFactor.step2")}
              <img
                src={loaderData.setup.qrDataUrl}
                alt={t("account:twoFactor.qrAlt")}
                width={200}
                height={200}
                className="my-2 bg-white"
              />
              <p>
                {t("account:twoFactor.manual")} <code className="break-all">{loaderData.setup.secret}</code>
              </p>
            </li>
            <li>{t("account:twoFactor.step3")}</li>
          </ol>
          <SummarisedForm form={confirmForm}>
            <input type="hidden" name="intent" value="confirm" />
            <CodeField meta={confirmFields.code} />
            <button type="submit" className="btn">
              {t("account:twoFactor.confirm")}
            </button>
          </SummarisedForm>
        </>
      ) : null}
      {loaderData.state === "enabled" ? (
        <>
          <p>{t("account:twoFactor.enabledIntro", { count: loaderData.remaining })}</p>
          <SummarisedForm form={manageForm}>
            <TextField meta={manageFields.code} label={t("auth:fields.code")} autoComplete="one-time-code" />
            {loaderData.required ? null : (
              <TextField
                meta={manageFields.currentPassword}
                label={t("account:twoFactor.passwordToDisable")}
                type="password"
                autoComplete="current-password"
              />
            )}
            <div className="flex gap-4">
              <button type="submit" name="intent" value="regenerate" className="btn">
                {t("account:twoFactor.regenerate")}
              </button>
              {loaderData.required ? null : (
                <button type="submit" name="intent" value="disable" className="btn btn-secondary">
                  {t("account:twoFactor.disable")}
                </button>
              )}
            </div>
          </SummarisedForm>
        </>
      ) : null}
    </section>
  );
}
