// /apply/answer/:token — the applicant (no account) answers the secretariat's questions through the
// secret link emailed to them. An unknown or used link is a 404; unknown links tried per IP are limited.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useSearchParams } from "react-router";
import { ErrorList, Notice } from "~/components/form-fields";
import { fieldErrorsOf } from "~/components/action-ui";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { readForm } from "~/utils/forms.server";
import { httpError } from "~/utils/http.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp, rateLimited } from "~/utils/request.server";
import { retryAfterHeaders } from "~/utils/route-headers";
import { answerSchema } from "../schemas";
import { answerQuestions, ApplicationRefusedError, hashAnswerToken } from "../services/applications.server";
import type { Route } from "./+types/apply-answer";

export const headers = retryAfterHeaders;
export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

/** Guessing links: every unknown one counts against the IP (429 once over the limit). */
async function unknownLink(ip: string | null): Promise<never> {
  const limited = await hit("applyAnswerIp", ip);
  if (!limited.ok) throw rateLimited({ messageKey: "common:errors.tooManyRequests" }, limited.retryAfter);
  throw httpError(404, "common:errors.notFound");
}

async function load(token: string | undefined, ip: string | null) {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return unknownLink(ip);
  const a = await db().membershipApplication.findUnique({
    where: { answerTokenHash: hashAnswerToken(token) },
    select: {
      id: true,
      organisationName: true,
      status: true,
      messages: { orderBy: { createdAt: "asc" }, select: { id: true, kind: true, body: true } },
    },
  });
  if (!a) return unknownLink(ip);
  return a;
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const a = await load(params.token, clientIp(context));
  return {
    organisationName: a.organisationName,
    open: a.status === "questions",
    // The applicant sees the questions and their own answers, never the secretariat's notes.
    messages: a.messages.filter((m) => m.kind !== "note"),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ip = clientIp(context);
  await load(params.token, ip);
  const submission = parseWithZod(await readForm(request), { schema: answerSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await db().$transaction((tx) => answerQuestions(tx, params.token!, submission.value.answer, ip));
  } catch (error) {
    if (error instanceof ApplicationRefusedError)
      return data({ messageKey: `outreach:applications.refused.${error.code}` }, { status: error.status });
    throw error;
  }
  return redirect(`/apply/answer/${params.token}?done=answered`);
}

export default function ApplyAnswer({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const errors = fieldErrorsOf(actionData);
  return (
    <section className="mx-auto max-w-2xl space-y-4" aria-labelledby="answer-title">
      <h1 id="answer-title">{t("outreach:answer.title", { name: loaderData.organisationName })}</h1>
      {params.get("done") === "answered" ? <Notice>{t("outreach:answer.thanks")}</Notice> : null}
      <ol className="space-y-2">
        {loaderData.messages.map((m) => (
          <li key={m.id} className="card">
            <p className="text-sm text-[var(--color-muted)]">{t(`outreach:answer.kinds.${m.kind}`)}</p>
            <p className="whitespace-pre-line">{m.body}</p>
          </li>
        ))}
      </ol>
      {loaderData.open ? (
        <Form method="post" className="space-y-2">
          <label htmlFor="answer" className="block font-semibold">
            {t("outreach:answer.label")}
          </label>
          <textarea
            id="answer"
            name="answer"
            rows={6}
            required
            maxLength={5000}
            aria-invalid={errors.answer ? true : undefined}
            aria-describedby={errors.answer ? "answer-error" : undefined}
          />
          <ErrorList id="answer-error" errors={errors.answer} />
          <button type="submit" className="btn">
            {t("outreach:answer.submit")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
