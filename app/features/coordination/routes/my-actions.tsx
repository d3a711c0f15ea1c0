// /actions: "My actions": the open actions agreed on calls that the member or their organisations own,
// across calls, with due dates; an owning coalition turns an action of kind `need` into a need draft
// pre-filled with the country's current civic-space context (then completes and submits it).
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { ErrorList, Notice } from "~/components/form-fields";
import { Pagination } from "~/components/pagination";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { isSecretariat } from "~/features/auth/policy";
import { countryName, formatDate, formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { isErrorPayload } from "~/utils/http.server";
import { actionToNeed, myActions } from "../services/actions.server";
import type { Route } from "./+types/my-actions";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const locale = getLocale(request, ctx.user.locale);
  const url = new URL(request.url);
  const all = url.searchParams.get("status") === "all";
  const result = await myActions(ctx.viewer, {
    status: all ? "all" : "open",
    page: url.searchParams.get("page"),
  });
  const today = new Date().toISOString().slice(0, 10);
  return {
    locale,
    all,
    ...result,
    items: result.items.map((a) => ({
      ...a,
      overdue: a.status === "open" && !!a.dueOn && a.dueOn.toISOString().slice(0, 10) < today,
      callLabel: a.call.title || null,
      country: countryName(a.call.countryCode, locale),
      callWhen: formatDateTime(a.call.startsAt, locale, ctx.user.timeZone),
    })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireUser(request);
  const form = await readForm(request);
  const actionId = String(form.get("actionId") ?? "");
  if (form.get("intent") !== "to_need" || !/^[A-Za-z0-9_-]{1,64}$/.test(actionId))
    return data({ error: "common:errors.badRequest" }, { status: 400 });
  try {
    const need = await db().$transaction((tx) =>
      actionToNeed(tx, { userId: ctx.user.id, ip: clientIp(context) }, ctx.viewer, actionId),
    );
    // The coalition completes its draft; the secretariat (which does not see a coalition's drafts) stays here.
    return redirect(isSecretariat(ctx.viewer) ? "/actions?done=need_created" : `/needs/${need.id}/edit`);
  } catch (e) {
    const thrown = e as { data?: unknown; init?: { status?: number } };
    if (thrown?.data && isErrorPayload(thrown.data) && [400, 409].includes(thrown.init?.status ?? 0))
      return data(
        { error: (thrown.data as { messageKey: string }).messageKey },
        { status: thrown.init!.status },
      );
    throw e;
  }
}

export default function MyActions({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const l = loaderData;
  return (
    <section className="space-y-4" aria-labelledby="mine-title">
      <h1 id="mine-title">{t("coordination:mine.title")}</h1>
      <p>{t("coordination:mine.intro")}</p>
      {search.get("done") === "need_created" ? (
        <Notice>{t("coordination:notice.need_created")}</Notice>
      ) : null}
      <ErrorList errors={actionData?.error ? [actionData.error] : undefined} />
      <p className="flex flex-wrap gap-4">
        <Link to="/actions" aria-current={!l.all ? "page" : undefined}>
          {t("coordination:mine.open")}
        </Link>
        <Link to="/actions?status=all" aria-current={l.all ? "page" : undefined}>
          {t("coordination:mine.all")}
        </Link>
      </p>
      <p role="status">{t("coordination:mine.count", { count: l.total })}</p>
      {l.items.length ? (
        <ul className="space-y-2">
          {l.items.map((a) => (
            <li key={a.id} className={a.overdue ? "card border-2 border-amber-700" : "card"}>
              <p>
                <span className="badge">{t(`coordination:actionKind.${a.kind}`)}</span>{" "}
                <span className="font-semibold">{a.title}</span>{" "}
                <span className="badge">{t(`coordination:actionStatus.${a.status}`)}</span>
                {a.overdue ? <span className="badge ml-1">{t("coordination:mine.overdue")}</span> : null}
              </p>
              {a.description ? <p className="whitespace-pre-line">{a.description}</p> : null}
              <p className="text-sm text-[var(--color-muted)]">
                {a.dueOn
                  ? t("coordination:actions.due", { date: formatDate(a.dueOn, l.locale) })
                  : t("coordination:mine.noDue")}
                {" · "}
                <Link to={`/calls/${a.call.id}`}>
                  {a.callLabel ?? t("coordination:call.defaultTitle", { country: a.country })}
                </Link>{" "}
                ({a.callWhen}){a.ownerOrganisation ? ` · ${a.ownerOrganisation.name}` : ""}
                {a.ownerUser ? ` · ${a.ownerUser.name}` : ""}
              </p>
              {a.createdNeedId ? (
                <p>
                  <Link to={`/needs/${a.createdNeedId}`}>{t("coordination:actions.seeNeed")}</Link>
                </p>
              ) : null}
              {a.canTurnIntoNeed ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="to_need" />
                  <input type="hidden" name="actionId" value={a.id} />
                  <button type="submit" className="btn">
                    {t("coordination:actions.toNeed")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="card">{t("coordination:mine.empty")}</p>
      )}
      <Pagination page={l.page} pages={l.pages} total={l.total} pageSize={l.pageSize} />
    </section>
  );
}
