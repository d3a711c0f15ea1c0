// /secretariat/operations/:queue: a queue's failed jobs, newest first, with the error each ended on; the
// secretariat retries one (back into its queue) or discards it. Only the job's id, name, attempts and
// error are shown, never its payload. Plain POST forms with an `intent` (no JavaScript needed); each
// action is audited, and acts only on a job that is still failed, so repeating it changes nothing.
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { Notice } from "~/components/form-fields";
import { Pagination } from "~/components/pagination";
import { pageParam } from "~/utils/pagination";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireSecretariat } from "~/features/auth/index.server";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { badRequest, httpError, notFound } from "~/utils/http.server";
import { auditJobAction } from "../services/on-demand.server";
import { actOnFailedJob, failedJobs, isQueueName } from "../services/queues.server";
import { jobActionSchema } from "../schemas";
import type { Route } from "./+types/failed-jobs";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

const PAGE_SIZE = 25;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  if (!isQueueName(params.queue)) throw notFound();
  const locale = getLocale(request, ctx.user.locale);
  const page = pageParam(new URL(request.url));
  const failed = await failedJobs(params.queue, page, PAGE_SIZE).catch(() => {
    throw httpError(503, "operations:queues.unavailable");
  });
  return { locale, queue: params.queue, page, ...failed };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  if (!isQueueName(params.queue)) throw notFound();
  const parsed = jobActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw badRequest();
  const { intent, jobId } = parsed.data;
  const result = await actOnFailedJob(params.queue, jobId, intent).catch(() => {
    throw httpError(503, "operations:queues.unavailable");
  });
  if (result.outcome !== "done") return data({ outcome: result.outcome }, { status: 409 });
  await db().$transaction((tx) =>
    auditJobAction(
      tx,
      { userId: ctx.user.id, organisationId: ctx.organisation.id, ip: clientIp(context) },
      intent,
      params.queue,
      jobId,
      result.jobName,
    ),
  );
  return redirect(`/secretariat/operations/${params.queue}?done=${intent}`);
}

export default function FailedJobs({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const done = search.get("done");
  const { queue, jobs, total, page, locale } = loaderData;
  const queueLabel = t(`operations:queue.${queue}`);
  return (
    <section className="space-y-4" aria-labelledby="failed-title">
      <p className="text-sm">
        <Link to="/secretariat/operations">{t("operations:title")}</Link>
      </p>
      {done === "retry" || done === "discard" ? <Notice>{t(`operations:failed.done.${done}`)}</Notice> : null}
      {actionData?.outcome ? (
        <p role="alert" className="text-red-800">
          {t(`operations:failed.outcome.${actionData.outcome}`)}
        </p>
      ) : null}
      <h1 id="failed-title">{t("operations:failed.title", { queue: queueLabel })}</h1>
      <p>{t("operations:failed.count", { count: total })}</p>
      {jobs.length === 0 ? (
        <p>{t("operations:failed.none")}</p>
      ) : (
        <ul className="space-y-3" aria-label={t("operations:failed.listLabel", { queue: queueLabel })}>
          {jobs.map((job) => (
            <li key={job.id} className="card space-y-1">
              <h2 className="text-base">
                <code>{job.name}</code> · <span className="text-sm">{job.id}</span>
              </h2>
              <p className="text-sm">
                {t("operations:failed.attempts", { count: job.attempts })}
                {job.failedAt ? ` · ${formatDateTime(new Date(job.failedAt), locale)}` : null}
              </p>
              <p>
                <span className="font-semibold">{t("operations:failed.error")}:</span>{" "}
                <span className="break-words">{job.error || t("operations:failed.noError")}</span>
              </p>
              <div className="flex flex-wrap gap-2">
                <JobButton queue={queue} jobId={job.id} intent="retry" />
                <JobButton queue={queue} jobId={job.id} intent="discard" />
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} />
    </section>
  );
}

/** Retry or discard one failed job (its own form, so each button says which job it acts on). */
function JobButton({ queue, jobId, intent }: { queue: string; jobId: string; intent: "retry" | "discard" }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action={`/secretariat/operations/${queue}`}>
      <input type="hidden" name="jobId" value={jobId} />
      <button
        type="submit"
        name="intent"
        value={intent}
        className="btn"
        aria-label={t(`operations:failed.${intent}Label`, { job: jobId })}
      >
        {t(`operations:failed.${intent}`)}
      </button>
    </Form>
  );
}
