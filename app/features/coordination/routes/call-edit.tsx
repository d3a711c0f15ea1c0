// /calls/:id/edit: the secretariat changes a scheduled call. A change people need to know about (time,
// length, place, link, title) sends everyone still invited an update with a new calendar revision;
// organisations taken off get a cancellation, organisations added an invitation.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Link, redirect } from "react-router";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireSecretariat } from "~/features/auth/index.server";
import { countryName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { utcToZonedLocal } from "~/i18n/time-zones";
import { zoneOptions } from "~/i18n/time-zones.server";
import { useTranslation } from "~/i18n/use-translation";
import { httpError } from "~/utils/http.server";
import { CallForm } from "../components/call-form";
import { updateCallSchema } from "../schemas";
import { inviteeCandidates, loadCallFor, updateCall } from "../services/calls.server";
import { orFormError } from "../services/form-errors.server";
import type { Route } from "./+types/call-edit";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const { call } = await loadCallFor(ctx.viewer, params.id);
  if (call.status !== "scheduled") throw httpError(409, "coordination:errors.callState");
  const locale = getLocale(request, ctx.user.locale);
  const invited = call.invitees.map((i) => i.organisation);
  const candidates = (await inviteeCandidates(call.countryCode)) ?? [];
  // Invited organisations stay listed even if they no longer qualify, so they can be kept or taken off.
  const listed = [
    ...candidates,
    ...invited
      .filter((o) => !candidates.some((c) => c.id === o.id))
      .map((o) => ({ ...o, countryCode: null, reasons: [] as string[] })),
  ];
  return {
    call: { id: call.id, title: call.title, countryCode: call.countryCode },
    country: countryName(call.countryCode, locale),
    candidates: listed.map((o) => ({
      id: o.id,
      name: o.name,
      kind: o.kind,
      reasons: o.reasons,
      countryLabel: o.countryCode ? countryName(o.countryCode, locale) : null,
    })),
    zones: zoneOptions(locale).map(({ value, label }) => ({ value, label })),
    defaults: {
      title: call.title,
      localStart: utcToZonedLocal(call.startsAt, call.timeZone),
      timeZone: call.timeZone,
      durationMinutes: String(call.durationMinutes),
      meetingUrl: call.meetingUrl ?? "",
      place: call.place ?? "",
      agendaNote: call.agendaNote,
      invitees: invited.map((o) => o.id),
    },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const { call } = await loadCallFor(ctx.viewer, params.id);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: updateCallSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 422 });
  const { intent: _intent, ...input } = submission.value;
  const outcome = await orFormError(
    () =>
      db().$transaction((tx) =>
        updateCall(tx, { userId: ctx.user.id, ip: clientIp(context) }, call.id, input),
      ),
    (o) => submission.reply(o),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/calls/${call.id}?done=${outcome.value.changed ? "updated" : "saved"}`);
}

export default function EditCall({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { call } = loaderData;
  const title = call.title || t("coordination:call.defaultTitle", { country: loaderData.country });
  return (
    <section className="max-w-3xl space-y-4" aria-labelledby="edit-call-title">
      <p className="text-sm">
        <Link to={`/calls/${call.id}`}>{title}</Link>
      </p>
      <h1 id="edit-call-title">{t("coordination:edit.title", { title })}</h1>
      <p>{t("coordination:edit.intro")}</p>
      <CallForm
        mode="update"
        countryCode={call.countryCode}
        countryName={loaderData.country}
        candidates={loaderData.candidates}
        zones={loaderData.zones}
        defaults={loaderData.defaults}
        lastResult={actionData?.result as SubmissionResult<string[]> | undefined}
      />
    </section>
  );
}
