import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect } from "react-router";
import { ErrorList, NewPasswordFields, TextField } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { acceptInvitationSchema } from "~/features/auth/schemas";
import { readForm } from "~/utils/forms.server";
import { newPasswordErrors, getViewer } from "~/features/auth/index.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp, tooManyAttempts, userAgent } from "~/utils/request.server";
import { getLocale } from "~/i18n/i18n.server";
import {
  acceptInvitationAsNewUser,
  acceptInvitationAsUser,
  findInvitation,
} from "../services/invitations.server";
import type { Route } from "./+types/invitation";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

export const headers = retryAfterHeaders;

type State = "invalid" | "new" | "join" | "signInFirst" | "wrongAccount";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const limited = await hit("inviteAcceptIp", clientIp(context) ?? "no-ip");
  if (!limited.ok) {
    return data(
      { state: "invalid" as State, organisation: null, role: null },
      { status: 429, headers: { "Retry-After": String(limited.retryAfter) } },
    );
  }
  const found = await findInvitation(params.token);
  if (!found) return data({ state: "invalid" as State, organisation: null, role: null }, { status: 410 });
  const ctx = await getViewer(request);
  let state: State = "new";
  if (ctx) state = ctx.user.email === found.invitation.email ? "join" : "wrongAccount";
  else if (found.existingUserId) state = "signInFirst";
  return { state, organisation: found.invitation.organisation.name, role: found.invitation.role };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ip = clientIp(context);
  const formData = await readForm(request);
  const hide = { hideFields: ["password", "confirmPassword"] };
  const limited = await hit("inviteAcceptIp", ip ?? "no-ip");
  const ctx = await getViewer(request);
  if (ctx) {
    if (!limited.ok)
      return tooManyAttempts({ error: { "": ["auth:errors.tooManyAttempts"] } }, limited.retryAfter);
    const joined = await db().$transaction((tx) =>
      acceptInvitationAsUser(tx, {
        token: params.token,
        userId: ctx.user.id,
        sessionId: ctx.session.id,
        ip,
      }),
    );
    if (!joined) return data({ result: { error: { "": ["auth:invitation.invalid"] } } }, { status: 410 });
    return redirect(`/organisations/${joined.organisationId}?done=joined`);
  }
  const submission = parseWithZod(formData, { schema: acceptInvitationSchema });
  if (submission.status !== "success") return data({ result: submission.reply(hide) }, { status: 400 });
  if (!limited.ok)
    return tooManyAttempts(
      submission.reply({ formErrors: ["auth:errors.tooManyAttempts"], ...hide }),
      limited.retryAfter,
    );
  const found = await findInvitation(params.token);
  if (!found || found.existingUserId)
    return data(
      { result: submission.reply({ formErrors: ["auth:invitation.invalid"], ...hide }) },
      { status: 410 },
    );
  const weak = newPasswordErrors(submission.value.password, [found.invitation.email, submission.value.name]);
  if (weak) return data({ result: submission.reply({ fieldErrors: weak, ...hide }) }, { status: 400 });
  const accepted = await acceptInvitationAsNewUser({
    token: params.token,
    name: submission.value.name,
    password: submission.value.password,
    locale: getLocale(request),
    ip,
    userAgent: userAgent(request),
  });
  if (!accepted)
    return data(
      { result: submission.reply({ formErrors: ["auth:invitation.invalid"], ...hide }) },
      { status: 410 },
    );
  return redirect(`/organisations/${accepted.organisationId}?done=joined`, {
    headers: { "Set-Cookie": accepted.cookie },
  });
}

export default function Invitation({ loaderData, actionData, params }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(acceptInvitationSchema, {
    id: "accept-invitation",
    lastResult: actionData?.result,
  });
  const { state, organisation, role } = loaderData;
  if (state === "invalid" || !organisation || !role) {
    return (
      <section className="mx-auto max-w-md space-y-4" aria-labelledby="invitation-title">
        <h1 id="invitation-title">{t("auth:invitation.invalidTitle")}</h1>
        <p role="alert">{t("auth:invitation.invalid")}</p>
      </section>
    );
  }
  const values = { organisation, role: t(`auth:invitation.role.${role}`) };
  return (
    <section className="mx-auto max-w-md space-y-6" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t("auth:invitation.title", values)}</h1>
      {/* a new account's form shows its own form-level errors (SummarisedForm) */}
      {state === "new" ? null : <ErrorList id={form.errorId} errors={form.errors} />}
      {state === "new" ? (
        <>
          <p>{t("auth:invitation.intro", values)}</p>
          <SummarisedForm form={form}>
            <TextField meta={fields.name} label={t("auth:fields.name")} autoComplete="name" />
            <NewPasswordFields password={fields.password} confirmPassword={fields.confirmPassword} />
            <button type="submit" className="btn">
              {t("auth:invitation.accept")}
            </button>
          </SummarisedForm>
        </>
      ) : state === "join" ? (
        <>
          <p>{t("auth:invitation.existingIntro", values)}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="join" />
            <button type="submit" className="btn">
              {t("auth:invitation.join")}
            </button>
          </Form>
        </>
      ) : state === "signInFirst" ? (
        <p>
          {t("auth:invitation.signInFirst")}{" "}
          <Link to={`/login?redirectTo=${encodeURIComponent(`/invitations/${params.token}`)}`}>
            {t("auth:login.title")}
          </Link>
        </p>
      ) : (
        <p role="alert">{t("auth:invitation.wrongAccount")}</p>
      )}
    </section>
  );
}
