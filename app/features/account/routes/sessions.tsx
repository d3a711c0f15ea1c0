import { useTranslation } from "~/i18n/use-translation";
import { data, Form, redirect, useSearchParams } from "react-router";
import { Notice } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { clearSessionCookie, IDLE_MS, requireUser } from "~/features/auth/index.server";
import { formatDateTime } from "~/i18n/format";
import { useRootData, useReaderZone } from "~/root";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import type { Route } from "./+types/sessions";

export async function loader({ request }: Route.LoaderArgs) {
  const { user, session } = await requireUser(request);
  const now = Date.now();
  const rows = await db().session.findMany({
    where: { userId: user.id, expiresAt: { gt: new Date(now) }, lastSeenAt: { gt: new Date(now - IDLE_MS) } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
  return {
    sessions: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      current: r.id === session.id,
    })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user, session } = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  const ip = clientIp(context);
  if (intent === "revoke") {
    const id = form.get("sessionId");
    if (typeof id !== "string" || !/^[0-9a-f]{64}$/.test(id))
      return data({ error: "common:errors.badRequest" }, { status: 400 });
    await db().$transaction(async (tx) => {
      const { count } = await tx.session.deleteMany({ where: { id, userId: user.id } });
      if (count)
        await audit(tx, {
          actorId: user.id,
          action: "session.revoked",
          entityType: "session",
          entityId: id.slice(0, 12),
          ip,
        });
    });
    if (id === session.id) return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
    return redirect("/settings/sessions?done=revoked");
  }
  if (intent === "others") {
    await db().$transaction(async (tx) => {
      const { count } = await tx.session.deleteMany({ where: { userId: user.id, id: { not: session.id } } });
      await audit(tx, {
        actorId: user.id,
        action: "session.others_revoked",
        entityType: "session",
        entityId: session.id.slice(0, 12),
        ip,
        metadata: { ended: count },
      });
    });
    return redirect("/settings/sessions?done=revoked");
  }
  return data({ error: "common:errors.badRequest" }, { status: 400 });
}

export default function Sessions({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const locale = useRootData()?.locale ?? "en";
  const [params] = useSearchParams();
  return (
    <section className="space-y-6" aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t("account:sessions.title")}</h1>
      {params.get("done") ? <Notice>{t("account:sessions.revoked")}</Notice> : null}
      <p>{t("account:sessions.intro")}</p>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("account:sessions.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("account:sessions.device")}</th>
            <th scope="col">{t("account:sessions.signedIn")}</th>
            <th scope="col">{t("account:sessions.lastSeen")}</th>
            <th scope="col">{t("account:sessions.ip")}</th>
            <th scope="col">
              <span className="sr-only">{t("account:sessions.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {loaderData.sessions.map((s) => (
            <tr key={s.id}>
              <td>
                {s.userAgent ?? t("account:sessions.unknownDevice")}
                {s.current ? <strong> ({t("account:sessions.current")})</strong> : null}
              </td>
              <td>{formatDateTime(s.createdAt, locale, zone)}</td>
              <td>{formatDateTime(s.lastSeenAt, locale, zone)}</td>
              <td>{s.ip ?? "—"}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="btn btn-secondary">
                    {s.current ? t("account:sessions.signOutHere") : t("account:sessions.revoke")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post">
        <input type="hidden" name="intent" value="others" />
        <button type="submit" className="btn">
          {t("account:sessions.revokeOthers")}
        </button>
      </Form>
      <Form method="post" action="/logout">
        <input type="hidden" name="intent" value="everywhere" />
        <button type="submit" className="btn btn-secondary">
          {t("account:sessions.signOutEverywhere")}
        </button>
      </Form>
    </section>
  );
}
