import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { Notice, SelectField, TextField } from "~/components/form-fields";
import { retryAfterHeaders } from "~/utils/route-headers";
import { idParam, isId, readForm } from "~/utils/forms.server";
import { hit } from "~/utils/rate-limit.server";
import { clientIp, tooManyAttempts } from "~/utils/request.server";
import { isVerifiedSecretariat, requireOrganisationAdmin, requireUser } from "~/features/auth/index.server";
import { isAdminOf } from "~/features/auth/policy";
import { getLocale } from "~/i18n/i18n.server";
import { formatDate, formatDateTime } from "~/i18n/format";
import { useRootData, useReaderZone } from "~/root";
import { db } from "~/utils/db.server";
import { badRequest, httpError, notFound } from "~/utils/http.server";
import { inviteMemberSchema } from "../schemas";
import { inviteMember, revokeInvitation } from "../services/invitations.server";
import { changeRole, listMembers, removeMember } from "../services/organisations.server";
import type { Route } from "./+types/members";
import { useSchemaForm } from "~/components/use-schema-form";

export const headers = retryAfterHeaders;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const organisationId = idParam(params.organisationId);
  const membership = ctx.memberships.find((m) => m.organisationId === organisationId);
  if (!membership && !isVerifiedSecretariat(ctx)) throw notFound();
  const org = await db().organisation.findUnique({
    where: { id: organisationId },
    select: { id: true, name: true },
  });
  if (!org) throw notFound();
  const { members, invitations } = await listMembers(org.id);
  const canManage = isAdminOf(ctx.viewer, organisationId);
  return {
    org,
    me: ctx.user.id,
    isMember: !!membership,
    canManage,
    members: members.map((m) => ({
      id: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      since: m.createdAt.toISOString(),
    })),
    invitations:
      canManage || isVerifiedSecretariat(ctx)
        ? invitations.map((i) => ({
            ...i,
            expiresAt: i.expiresAt.toISOString(),
            createdAt: i.createdAt.toISOString(),
          }))
        : [],
  };
}

const changeMessages = { last_admin: "org:errors.lastAdmin", not_found: "common:errors.notFound" } as const;

export async function action({ request, params, context }: Route.ActionArgs) {
  const organisationId = idParam(params.organisationId);
  const ip = clientIp(context);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "leave") {
    const { user, memberships } = await requireUser(request);
    if (!memberships.some((m) => m.organisationId === organisationId)) throw notFound();
    const outcome = await db().$transaction((tx) =>
      removeMember(tx, { actorId: user.id, organisationId, userId: user.id, ip }),
    );
    if (outcome !== "ok") throw httpError(409, changeMessages[outcome]);
    return redirect("/settings?done=left");
  }
  const { user } = await requireOrganisationAdmin(request, organisationId);
  if (intent === "invite") {
    const submission = parseWithZod(form, { schema: inviteMemberSchema });
    if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
    const limited = await hit("inviteSend", user.id);
    if (!limited.ok)
      return tooManyAttempts(
        submission.reply({ formErrors: ["auth:errors.tooManyAttempts"] }),
        limited.retryAfter,
      );
    const outcome = await db().$transaction((tx) =>
      inviteMember(tx, {
        inviter: { id: user.id, name: user.name },
        organisationId,
        email: submission.value.email,
        role: submission.value.role,
        locale: getLocale(request, user.locale),
        ip,
      }),
    );
    if (outcome.kind === "already_member") {
      return data(
        { result: submission.reply({ fieldErrors: { email: ["org:errors.alreadyMember"] } }) },
        { status: 409 },
      );
    }
    return redirect(`/organisations/${organisationId}/members?done=invited`);
  }
  const userId = form.get("userId");
  if (intent === "remove" || intent === "role") {
    if (!isId(userId)) throw badRequest();
    const role = form.get("role");
    const outcome =
      intent === "remove"
        ? await db().$transaction((tx) => removeMember(tx, { actorId: user.id, organisationId, userId, ip }))
        : role === "admin" || role === "member"
          ? await db().$transaction((tx) =>
              changeRole(tx, { actorId: user.id, organisationId, userId, role, ip }),
            )
          : null;
    if (!outcome) throw badRequest();
    if (outcome !== "ok") throw httpError(outcome === "last_admin" ? 409 : 404, changeMessages[outcome]);
    return redirect(
      `/organisations/${organisationId}/members?done=${intent === "remove" ? "removed" : "saved"}`,
    );
  }
  if (intent === "revoke") {
    const invitationId = form.get("invitationId");
    if (!isId(invitationId)) throw badRequest();
    const ok = await db().$transaction((tx) =>
      revokeInvitation(tx, { actorId: user.id, organisationId, invitationId, ip }),
    );
    if (!ok) throw notFound();
    return redirect(`/organisations/${organisationId}/members?done=revoked`);
  }
  throw badRequest();
}

export default function Members({ loaderData, actionData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const locale = useRootData()?.locale ?? "en";
  const [params] = useSearchParams();
  const done = params.get("done");
  const [form, fields] = useSchemaForm(inviteMemberSchema, {
    id: "invite-member",
    lastResult: actionData?.result,
    defaultValue: { role: "member" },
  });
  const { org } = loaderData;
  return (
    <section className="space-y-6" aria-labelledby="members-title">
      <h1 id="members-title">{t("org:members.titleFor", { name: org.name })}</h1>
      {done ? (
        <Notice>
          {t(
            `org:members.done.${done === "invited" || done === "removed" || done === "revoked" ? done : "saved"}`,
          )}
        </Notice>
      ) : null}
      <p>
        <Link to={`/organisations/${org.id}`}>{t("org:members.backToProfile")}</Link>
      </p>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("org:members.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("org:members.name")}</th>
            <th scope="col">{t("org:members.email")}</th>
            <th scope="col">{t("org:members.role")}</th>
            <th scope="col">{t("org:members.since")}</th>
            {loaderData.canManage ? (
              <th scope="col">
                <span className="sr-only">{t("org:members.actions")}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {loaderData.members.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>{t(`org:roles.${m.role}`)}</td>
              <td>{formatDate(m.since, locale, "medium", zone)}</td>
              {loaderData.canManage ? (
                <td className="flex gap-2">
                  <Form method="post">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={m.id} />
                    <input type="hidden" name="role" value={m.role === "admin" ? "member" : "admin"} />
                    <button type="submit" className="btn btn-secondary">
                      {m.role === "admin"
                        ? t("org:members.makeMember", { name: m.name })
                        : t("org:members.makeAdmin", { name: m.name })}
                    </button>
                  </Form>
                  {m.id !== loaderData.me ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={m.id} />
                      <button type="submit" className="btn btn-secondary">
                        {t("org:members.remove", { name: m.name })}
                      </button>
                    </Form>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {loaderData.invitations.length ? (
        <>
          <h2>{t("org:members.pending")}</h2>
          <ul className="space-y-2">
            {loaderData.invitations.map((i) => (
              <li key={i.id} className="flex items-center gap-4">
                <span>
                  {i.email} — {t(`org:roles.${i.role}`)} —{" "}
                  {t("org:members.expires", { date: formatDateTime(i.expiresAt, locale, zone) })}
                </span>
                {loaderData.canManage ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" className="btn btn-secondary">
                      {t("org:members.revoke", { email: i.email })}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {loaderData.canManage ? (
        <SummarisedForm form={form} className="max-w-md space-y-4">
          <h2>{t("org:members.invite")}</h2>
          <input type="hidden" name="intent" value="invite" />
          <TextField meta={fields.email} label={t("auth:fields.email")} type="email" />
          <SelectField
            meta={fields.role}
            label={t("org:members.role")}
            options={[
              { value: "member", label: t("org:roles.member") },
              { value: "admin", label: t("org:roles.admin") },
            ]}
          />
          <button type="submit" className="btn">
            {t("org:members.sendInvitation")}
          </button>
        </SummarisedForm>
      ) : null}
      {loaderData.isMember ? (
        <Form method="post">
          <input type="hidden" name="intent" value="leave" />
          <button type="submit" className="btn btn-secondary">
            {t("org:members.leave", { name: org.name })}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
