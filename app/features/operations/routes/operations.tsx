// /secretariat/operations: the background work at a glance (each queue's jobs by state, the outbox
// backlog) and work the secretariat can start now instead of waiting for its schedule: today's digests,
// matching for one need or for all, a rebuilt search index. Every form is a plain POST with an `intent`
// (no JavaScript needed); each action is audited and safe to repeat.

import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { Notice, TextField } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireSecretariat } from "~/features/auth/index.server";
import { formatNumber } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import type { Locale } from "~/i18n/config";
import { badRequest } from "~/utils/http.server";
import { rebuildSearchIndex, rematchAll, rematchNeed, sendDigestsNow } from "../services/on-demand.server";
import { queueOverview, type QueueCounts } from "../services/queues.server";
import { rematchAllSchema, rematchNeedSchema, reindexSchema, sendDigestsSchema } from "../schemas";
import type { Route } from "./+types/operations";
import { useSchemaForm } from "~/components/use-schema-form";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

const notices = ["digests", "rematch-need", "rematch-all", "reindex"] as const;

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const [queues, backlog] = await Promise.all([
    queueOverview().catch(() => null), // Redis away: the page says so, the rest still works
    db().outboxEvent.count({ where: { relayedAt: null } }),
  ]);
  return { locale, queues, backlog };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const actor = { userId: ctx.user.id, organisationId: ctx.organisation.id, ip: clientIp(context) };
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "send-digests": {
      const submission = parseWithZod(formData, { schema: sendDigestsSchema });
      if (submission.status !== "success") throw badRequest();
      const { period } = await db().$transaction((tx) =>
        sendDigestsNow(tx, actor, submission.value.frequency),
      );
      return redirect(`/secretariat/operations?done=digests&period=${encodeURIComponent(period)}`);
    }
    case "rematch-need": {
      const submission = parseWithZod(formData, { schema: rematchNeedSchema });
      if (submission.status !== "success") return data({ rematch: submission.reply() }, { status: 422 });
      const outcome = await db().$transaction((tx) => rematchNeed(tx, actor, submission.value.needId));
      if (outcome !== "queued") {
        const error =
          outcome === "not_found" ? "operations:errors.needNotFound" : "operations:errors.needNotMatchable";
        return data({ rematch: submission.reply({ fieldErrors: { needId: [error] } }) }, { status: 422 });
      }
      return redirect("/secretariat/operations?done=rematch-need");
    }
    case "rematch-all": {
      if (parseWithZod(formData, { schema: rematchAllSchema }).status !== "success") throw badRequest();
      await db().$transaction((tx) => rematchAll(tx, actor));
      return redirect("/secretariat/operations?done=rematch-all");
    }
    case "reindex": {
      if (parseWithZod(formData, { schema: reindexSchema }).status !== "success") throw badRequest();
      await db().$transaction((tx) => rebuildSearchIndex(tx, actor));
      return redirect("/secretariat/operations?done=reindex");
    }
    default:
      throw badRequest();
  }
}

const states = ["waiting", "active", "delayed", "failed", "completed"] as const;

function QueueTable({ queues, locale }: { queues: QueueCounts[]; locale: Locale }) {
  const { t } = useTranslation();
  return (
    // Wider than a phone: the table scrolls sideways on its own instead of squeezing its columns.
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={t("operations:queues.caption")}>
      <table className="w-full min-w-[34rem] text-left [&_td]:px-2 [&_th]:px-2">
        <caption className="sr-only">{t("operations:queues.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("operations:queues.queue")}</th>
            {states.map((s) => (
              <th scope="col" key={s} className="text-right">
                {t(`operations:state.${s}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.queue}>
              <th scope="row">{t(`operations:queue.${q.queue}`)}</th>
              {states.map((s) => (
                <td key={s} className="text-right">
                  {s === "failed" && q.failed > 0 ? (
                    <Link
                      to={`/secretariat/operations/${q.queue}`}
                      aria-label={t("operations:queues.failedLink", {
                        count: q.failed,
                        queue: t(`operations:queue.${q.queue}`),
                      })}
                    >
                      {formatNumber(q.failed, locale)}
                    </Link>
                  ) : (
                    formatNumber(q[s], locale)
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Operations({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const done = search.get("done");
  const { queues, backlog, locale } = loaderData;
  const [rematchForm, rematchFields] = useSchemaForm(rematchNeedSchema, {
    id: "rematch-need",
    lastResult: actionData?.rematch,
    shouldValidate: "onSubmit",
  });
  const needId = rematchFields.needId;
  return (
    <section className="space-y-6" aria-labelledby="operations-title">
      {done && (notices as readonly string[]).includes(done) ? (
        <Notice>{t(`operations:done.${done}`, { period: search.get("period") ?? "" })}</Notice>
      ) : null}
      <h1 id="operations-title">{t("operations:title")}</h1>
      <p>{t("operations:intro")}</p>

      <h2>{t("operations:queues.title")}</h2>
      {queues ? (
        <QueueTable queues={queues} locale={locale} />
      ) : (
        <p role="status">{t("operations:queues.unavailable")}</p>
      )}
      <p>{t("operations:outbox", { count: backlog, formatted: formatNumber(backlog, locale) })}</p>

      <h2>{t("operations:now.title")}</h2>
      <p>{t("operations:now.intro")}</p>
      <div className="grid gap-4 md:grid-cols-2">
        <NowCard id="digests" intent="send-digests" keys="digests">
          <fieldset>
            <legend>{t("operations:now.digests.frequency")}</legend>
            <label className="mr-4">
              <input type="radio" name="frequency" value="daily" defaultChecked />{" "}
              {t("operations:now.digests.daily")}
            </label>
            <label>
              <input type="radio" name="frequency" value="weekly" /> {t("operations:now.digests.weekly")}
            </label>
          </fieldset>
        </NowCard>

        <SummarisedForm form={rematchForm} action="/secretariat/operations" className="card space-y-2">
          <h3 id="rematch-need-title">{t("operations:now.rematchNeed.title")}</h3>
          <p className="text-sm">{t("operations:now.rematchNeed.help")}</p>
          <input type="hidden" name="intent" value="rematch-need" />
          <TextField meta={needId} label={t("operations:now.rematchNeed.needId")} autoComplete="off" />
          <button type="submit" className="btn">
            {t("operations:now.rematchNeed.submit")}
          </button>
        </SummarisedForm>

        <NowCard id="rematch-all" intent="rematch-all" keys="rematchAll" />

        <NowCard id="reindex" intent="reindex" keys="reindex" />
      </div>
    </section>
  );
}

/** One thing the secretariat can start now: a titled card posting its intent (and any choices inside). */
function NowCard({
  id,
  intent,
  keys,
  children,
}: {
  id: string;
  intent: string;
  /** Under `operations:now.<keys>`: title, help, submit. */
  keys: "digests" | "rematchAll" | "reindex";
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Form
      method="post"
      action="/secretariat/operations"
      className="card space-y-2"
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>{t(`operations:now.${keys}.title`)}</h3>
      <p className="text-sm">{t(`operations:now.${keys}.help`)}</p>
      <input type="hidden" name="intent" value={intent} />
      {children}
      <button type="submit" className="btn">
        {t(`operations:now.${keys}.submit`)}
      </button>
    </Form>
  );
}
