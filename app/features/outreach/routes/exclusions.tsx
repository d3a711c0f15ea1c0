// /organisations/:organisationId/exclusions — a coalition's admins keep the list of organisations the
// coalition does not want to work with, each with a private reason. The matcher and both reach-out roads
// respect it; a change re-matches the coalition's open needs. Members who are not admins: 403; anyone
// outside the coalition: 404 (the list itself is the coalition's business).
import { ErrorList } from "~/components/form-fields";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import { requireUser } from "~/features/auth/index.server";
import { ActionMessage, DoneNotice, fieldErrorsOf } from "~/components/action-ui";
import { getLocale } from "~/i18n/i18n.server";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { db } from "~/utils/db.server";
import { idParam, readForm } from "~/utils/forms.server";
import { httpError, type ErrorPayload } from "~/utils/http.server";
import { clientIp } from "~/utils/request.server";
import { exclusionActionSchema } from "../schemas";
import {
  addExclusion,
  ExclusionRefusedError,
  listExclusions,
  removeExclusion,
  requireExclusionManager,
} from "../services/exclusions.server";
import type { Route } from "./+types/exclusions";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function gate(request: Request, organisationId: string | undefined) {
  const ctx = await requireUser(request);
  const id = idParam(organisationId);
  try {
    return { ctx, coalition: await requireExclusionManager(db(), ctx.viewer, id) };
  } catch (error) {
    if (error instanceof ExclusionRefusedError)
      throw httpError(
        error.status,
        error.status === 403 ? "common:errors.forbidden" : "common:errors.notFound",
      );
    throw error;
  }
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, coalition } = await gate(request, params.organisationId);
  const exclusions = await listExclusions(db(), coalition.id);
  const excluded = new Set(exclusions.map((e) => e.excluded.id));
  const candidates = await db().organisation.findMany({
    where: {
      kind: { in: ["EXPERT", "COALITION"] },
      vettingLevel: { not: "unverified" },
      id: { notIn: [coalition.id, ...excluded] },
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true, name: true, kind: true },
  });
  return {
    locale: getLocale(request, ctx.user.locale),
    coalition,
    exclusions: exclusions.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    candidates,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, coalition } = await gate(request, params.organisationId);
  const submission = parseWithZod(await readForm(request), { schema: exclusionActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const actor = { viewer: ctx.viewer, ip: clientIp(context) };
  try {
    await db().$transaction((tx) =>
      v.intent === "add"
        ? addExclusion(tx, actor, {
            coalitionId: coalition.id,
            organisationId: v.organisationId,
            reason: v.reason,
          })
        : removeExclusion(tx, actor, { coalitionId: coalition.id, organisationId: v.organisationId }),
    );
  } catch (error) {
    if (error instanceof ExclusionRefusedError)
      return data<ErrorPayload>(
        { messageKey: `outreach:exclusions.refused.${error.code}` },
        { status: error.status },
      );
    throw error;
  }
  return redirect(
    `/organisations/${coalition.id}/exclusions?done=${v.intent === "add" ? "excluded" : "unexcluded"}`,
  );
}

export default function Exclusions({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const zone = useReaderZone();
  const { coalition, exclusions, candidates, locale } = loaderData;
  const errors = fieldErrorsOf(actionData);
  return (
    <section aria-labelledby="exclusions-title" className="space-y-4">
      <p>
        <Link to={`/organisations/${coalition.id}`}>{coalition.name}</Link>
      </p>
      <h1 id="exclusions-title">{t("outreach:exclusions.title")}</h1>
      <DoneNotice ns="outreach" />
      <ActionMessage data={actionData} />
      <p>{t("outreach:exclusions.intro")}</p>
      {exclusions.length === 0 ? <p>{t("outreach:exclusions.empty")}</p> : null}
      {exclusions.length ? (
        <ul className="space-y-2">
          {exclusions.map((e) => (
            <li key={e.excluded.id} className="card flex flex-wrap items-start justify-between gap-3">
              <div>
                <p className="font-semibold">
                  {e.excluded.name}
                  {e.excluded.kind === "COALITION" ? ` · ${t("outreach:peerOffer")}` : ""}
                </p>
                <p className="text-sm text-[var(--color-muted)]">
                  {t("outreach:exclusions.since", { date: formatDate(e.createdAt, locale, "medium", zone) })}
                </p>
                {e.reason ? <p className="whitespace-pre-line text-sm">🔒 {e.reason}</p> : null}
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="organisationId" value={e.excluded.id} />
                <button
                  type="submit"
                  className="btn btn-secondary"
                  aria-label={t("outreach:exclusions.removeNamed", { name: e.excluded.name })}
                >
                  {t("outreach:exclusions.remove")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" className="card space-y-3">
        <h2>{t("outreach:exclusions.add")}</h2>
        <input type="hidden" name="intent" value="add" />
        <p>
          <label htmlFor="exclusion-organisation" className="block font-semibold">
            {t("outreach:exclusions.organisation")}
          </label>
          <select
            id="exclusion-organisation"
            name="organisationId"
            required
            defaultValue=""
            aria-invalid={errors.organisationId ? true : undefined}
            aria-describedby={errors.organisationId ? "exclusion-organisation-error" : undefined}
          >
            <option value="" disabled>
              {t("outreach:exclusions.choose")}
            </option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </p>
        <ErrorList id="exclusion-organisation-error" errors={errors.organisationId} />
        <p>
          <label htmlFor="exclusion-reason" className="block font-semibold">
            {t("outreach:exclusions.reason")}
          </label>
          <textarea
            id="exclusion-reason"
            name="reason"
            rows={2}
            maxLength={1000}
            aria-describedby="exclusion-reason-hint"
          />
          <span id="exclusion-reason-hint" className="block text-sm text-[var(--color-muted)]">
            {t("outreach:exclusions.reasonHint")}
          </span>
        </p>
        <ErrorList id="exclusion-reason-error" errors={errors.reason} />
        <button type="submit" className="btn">
          {t("outreach:exclusions.submit")}
        </button>
      </Form>
    </section>
  );
}
