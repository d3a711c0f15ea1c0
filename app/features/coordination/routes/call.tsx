// /calls/:id: a coordination call for its invitees and the secretariat (404 for anyone else). The time in
// the reader's zone, the call's zone and UTC; the calendar file; the agenda built for this reader (open
// needs, activities since the last call, stalled engagements, actions to follow up); notes and actions by
// visibility. The secretariat records notes and actions, follows actions up and turns an action into a
// pre-filled need draft for the owning coalition. Every view is audited.
import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import {
  ErrorList,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
} from "~/features/auth/components/form-fields";
import { readForm } from "~/features/auth/services/forms.server";
import { clientIp } from "~/features/auth/services/request.server";
import { requireSecretariat, requireUser } from "~/features/auth/services/session.server";
import { loadTaxonomy } from "~/features/needs/services/reference.server";
import { SectionPager } from "~/features/countries/components/parts";
import { countryName, formatDate, languageName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { httpError } from "~/utils/http.server";
import {
  actionSchema,
  actionStatuses,
  callStatusSchema,
  contentLanguages,
  followUpSchema,
  noteSchema,
  toNeedSchema,
  visibilities,
} from "../schemas";
import {
  actionOwnerOptions,
  actionToNeed,
  addAction,
  addNote,
  auditCallView,
  buildAgenda,
  followUpAction,
  loadCallFor,
  loadNotesAndActions,
  setCallStatus,
} from "../services/calls.server";
import { orFormError } from "../services/form-errors.server";
import { formatCallTime } from "../time";
import type { Route } from "./+types/call";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { call, access } = await loadCallFor(ctx.viewer, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const notesPage = Math.max(1, Math.min(1000, Number(new URL(request.url).searchParams.get("notes")) || 1));
  const secretariat = access === "secretariat";
  const [agenda, records, taxonomy, owners] = await Promise.all([
    buildAgenda(ctx.viewer, call, access),
    loadNotesAndActions(ctx.viewer, call.id, access, notesPage),
    loadTaxonomy(locale),
    secretariat ? actionOwnerOptions(call.id) : Promise.resolve([]),
  ]);
  await auditCallView({ userId: ctx.user.id, ip: clientIp(context) }, call.id, "call.viewed", {
    access,
    notes: records.notes.items.length,
    actions: records.actions.length,
  });
  const country = countryName(call.countryCode, locale);
  return {
    locale,
    secretariat,
    call: {
      id: call.id,
      title: call.title,
      countryCode: call.countryCode,
      status: call.status,
      durationMinutes: call.durationMinutes,
      agendaNote: call.agendaNote,
      timeZone: call.timeZone,
      invitees: call.invitees.map((i) => i.organisation),
    },
    country,
    times: {
      yours: formatCallTime(call.startsAt, locale, ctx.user.timeZone),
      yourZone: ctx.user.timeZone,
      reference: formatCallTime(call.startsAt, locale, call.timeZone),
      utc: formatCallTime(call.startsAt, locale, "UTC"),
    },
    agenda,
    notes: records.notes,
    actions: records.actions,
    categories: taxonomy.map((c) => ({ value: c.id, label: c.label })),
    owners,
    languages: contentLanguages.map((l) => ({ value: l, label: languageName(l, locale) })),
  };
}

const schemas = {
  note: noteSchema,
  action: actionSchema,
  follow_up: followUpSchema,
  to_need: toNeedSchema,
  mark_held: callStatusSchema,
  cancel: callStatusSchema,
} as const;

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  if (!(intent in schemas)) throw httpError(400, "common:errors.badRequest");
  const { call } = await loadCallFor(ctx.viewer, params.id);
  const actor = { userId: ctx.user.id, ip: clientIp(context) };
  const submission = parseWithZod(formData, { schema: schemas[intent as keyof typeof schemas] });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 422 });
  const value = submission.value;
  const outcome = await orFormError(
    async () => {
      switch (value.intent) {
        case "note": {
          const { intent: _i, ...input } = value;
          await addNote(actor, call.id, input);
          return "note";
        }
        case "action": {
          const { intent: _i, ...input } = value;
          await addAction(actor, call.id, input);
          return "action";
        }
        case "follow_up": {
          const { intent: _i, ...input } = value;
          await followUpAction(actor, call.id, input);
          return "followed_up";
        }
        case "to_need":
          await actionToNeed(actor, call.id, value.actionId);
          return "need_created";
        default:
          await setCallStatus(actor, call.id, value.intent);
          return value.intent === "cancel" ? "cancelled" : "held";
      }
    },
    (o) => submission.reply(o),
  );
  if (!outcome.ok) return outcome.response;
  return redirect(`/calls/${call.id}?done=${outcome.value}`);
}

type LoaderData = Route.ComponentProps["loaderData"];
type Result = SubmissionResult<string[]> | undefined;

export default function CallPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const { call, agenda, locale, secretariat, times } = loaderData;
  const done = search.get("done");
  const title = call.title || t("coordination:call.defaultTitle", { country: loaderData.country });
  const lastResult = actionData?.result as Result;
  const formErrors =
    lastResult && !["note", "action"].includes(String(lastResult.initialValue?.intent))
      ? lastResult.error?.[""]
      : undefined;
  return (
    <article className="space-y-8" aria-labelledby="call-title">
      {done &&
      ["scheduled", "note", "action", "followed_up", "need_created", "held", "cancelled"].includes(done) ? (
        <Notice>{t(`coordination:notice.${done}`)}</Notice>
      ) : null}
      <ErrorList errors={formErrors} />
      <header className="space-y-2">
        <p className="text-sm">
          <Link to={`/countries/${call.countryCode}`}>{loaderData.country}</Link>
          {secretariat ? (
            <>
              {" · "}
              <Link to="/secretariat/calls">{t("coordination:list.title")}</Link>
            </>
          ) : null}
        </p>
        <h1 id="call-title">{title}</h1>
        <p>
          <span className="badge">{t(`coordination:status.${call.status}`)}</span>
        </p>
        <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold">{t("coordination:call.yourTime")}</dt>
          <dd>{times.yours}</dd>
          <dt className="font-semibold">{t("coordination:call.referenceTime")}</dt>
          <dd>{times.reference}</dd>
          <dt className="font-semibold">{t("coordination:call.utcTime")}</dt>
          <dd>{times.utc}</dd>
          <dt className="font-semibold">{t("coordination:call.duration")}</dt>
          <dd>{t("coordination:call.minutes", { count: call.durationMinutes })}</dd>
        </dl>
        <p>
          <a href={`/calls/${call.id}/invite.ics`} download>
            {t("coordination:call.calendar")}
          </a>
        </p>
      </header>

      <section aria-labelledby="invitees-title" className="space-y-2">
        <h2 id="invitees-title">{t("coordination:call.invitees")}</h2>
        <ul className="flex flex-wrap gap-2">
          {call.invitees.map((o) => (
            <li key={o.id} className="badge">
              {o.name}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="agenda-title" className="space-y-4">
        <h2 id="agenda-title">{t("coordination:agenda.title")}</h2>
        {call.agendaNote ? <p className="card whitespace-pre-line">{call.agendaNote}</p> : null}
        <AgendaNeeds loaderData={loaderData} />
        <section aria-labelledby="agenda-activities" className="space-y-1">
          <h3 id="agenda-activities">
            {t("coordination:agenda.activities", { date: formatDate(agenda.since, locale) })}
          </h3>
          {agenda.activities.length ? (
            <ul className="list-disc pl-6">
              {agenda.activities.map((a) => (
                <li key={a.id}>
                  <span className="font-semibold">{a.organisation.name}</span> ·{" "}
                  {t(`countries:kind.${a.kind}`)} — <span lang={a.contentLanguage}>{a.summary}</span>
                  {a.visibility === "secretariat" ? ` 🔒 ${t("countries:visibility.secretariat")}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("coordination:agenda.noActivities")}</p>
          )}
        </section>
        <section aria-labelledby="agenda-stalled" className="space-y-1">
          <h3 id="agenda-stalled">{t("coordination:agenda.stalled")}</h3>
          {agenda.stalledEngagements.length ? (
            <ul className="list-disc pl-6">
              {agenda.stalledEngagements.map((e) => (
                <li key={e.id}>
                  {e.linkable ? (
                    <Link to={`/engagements/${e.id}`} lang={e.contentLanguage}>
                      {e.needTitle}
                    </Link>
                  ) : (
                    <span lang={e.contentLanguage}>{e.needTitle}</span>
                  )}
                  {e.expertName ? ` — ${e.expertName}` : ""} ·{" "}
                  {t("coordination:agenda.lastActivity", { date: formatDate(e.lastActivityAt, locale) })}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("coordination:agenda.noStalled")}</p>
          )}
        </section>
        <section aria-labelledby="agenda-followups" className="space-y-2">
          <h3 id="agenda-followups">{t("coordination:agenda.followUps")}</h3>
          {agenda.followUps.length ? (
            <ul className="space-y-2">
              {agenda.followUps.map((a) => (
                <ActionItem key={a.id} action={a} loaderData={loaderData} followUp />
              ))}
            </ul>
          ) : (
            <p>{t("coordination:agenda.noFollowUps")}</p>
          )}
        </section>
      </section>

      <section aria-labelledby="notes-title" className="space-y-2">
        <h2 id="notes-title">{t("coordination:notes.title")}</h2>
        {loaderData.notes.items.length ? (
          <ol className="space-y-2">
            {loaderData.notes.items.map((n) => (
              <li
                key={n.id}
                className={n.visibility === "secretariat" ? "card border-2 border-amber-700" : "card"}
              >
                <p className="text-sm text-[var(--color-muted)]">
                  {n.author.name} · {formatDate(n.createdAt, locale)}
                  {n.visibility === "secretariat" ? ` · 🔒 ${t("coordination:notes.secretariatOnly")}` : ""}
                </p>
                <p lang={n.contentLanguage} className="whitespace-pre-line">
                  {n.body}
                </p>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("coordination:notes.empty")}</p>
        )}
        <SectionPager
          param="notes"
          page={loaderData.notes.page}
          pages={loaderData.notes.pages}
          label={t("coordination:notes.pager")}
        />
        {secretariat ? <NoteForm loaderData={loaderData} lastResult={lastResult} /> : null}
      </section>

      <section aria-labelledby="actions-title" className="space-y-2">
        <h2 id="actions-title">{t("coordination:actions.title")}</h2>
        {loaderData.actions.length ? (
          <ul className="space-y-2">
            {loaderData.actions.map((a) => (
              <ActionItem key={a.id} action={a} loaderData={loaderData} />
            ))}
          </ul>
        ) : (
          <p>{t("coordination:actions.empty")}</p>
        )}
        {secretariat ? <ActionForm loaderData={loaderData} lastResult={lastResult} /> : null}
      </section>

      {secretariat && call.status === "scheduled" ? (
        <section aria-labelledby="status-title" className="flex flex-wrap gap-3">
          <h2 id="status-title" className="sr-only">
            {t("coordination:call.statusTitle")}
          </h2>
          <Form method="post">
            <button type="submit" name="intent" value="mark_held" className="btn btn-secondary">
              {t("coordination:call.markHeld")}
            </button>
          </Form>
          <Form method="post">
            <button type="submit" name="intent" value="cancel" className="btn btn-danger">
              {t("coordination:call.cancel")}
            </button>
          </Form>
        </section>
      ) : null}
    </article>
  );
}

function AgendaNeeds({ loaderData }: { loaderData: LoaderData }) {
  const { t } = useTranslation();
  const labels = Object.fromEntries(loaderData.categories.map((c) => [c.value, c.label]));
  return (
    <section aria-labelledby="agenda-needs" className="space-y-1">
      <h3 id="agenda-needs">{t("coordination:agenda.needs")}</h3>
      {loaderData.agenda.openNeeds.length ? (
        <ul className="list-disc pl-6">
          {loaderData.agenda.openNeeds.map((n) => (
            <li key={n.id}>
              <Link to={`/needs/${n.id}`} lang={n.contentLanguage}>
                {n.title}
              </Link>{" "}
              — {n.coalitionName ?? t("needs:board.anonymous", { country: loaderData.country })} ·{" "}
              {labels[n.categoryId] ?? n.categoryId} · {t(`needs:urgency.${n.urgency}`)} ·{" "}
              {t(`needs:status.${n.status}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("coordination:agenda.noNeeds")}</p>
      )}
    </section>
  );
}

function ActionItem({
  action: a,
  loaderData,
  followUp,
}: {
  action: LoaderData["actions"][number];
  loaderData: LoaderData;
  followUp?: boolean;
}) {
  const { t } = useTranslation();
  const owner = [a.ownerOrganisation?.name, a.ownerUser?.name].filter(Boolean).join(" — ");
  return (
    <li className="card space-y-1">
      <p>
        <span className="badge">{t(`coordination:actionKind.${a.kind}`)}</span>{" "}
        <span className="font-semibold">{a.title}</span>{" "}
        <span className="badge">{t(`coordination:actionStatus.${a.status}`)}</span>
        {a.visibility === "secretariat" ? ` 🔒 ${t("countries:visibility.secretariat")}` : ""}
      </p>
      {a.description ? <p className="whitespace-pre-line">{a.description}</p> : null}
      <p className="text-sm text-[var(--color-muted)]">
        {owner ? t("coordination:actions.owner", { owner }) : null}
        {a.dueOn
          ? ` · ${t("coordination:actions.due", { date: formatDate(a.dueOn, loaderData.locale) })}`
          : ""}
      </p>
      {a.followUpNote ? (
        <p className="text-sm">{t("coordination:actions.followUpNote", { note: a.followUpNote })}</p>
      ) : null}
      {a.createdNeedId ? (
        <p>
          <Link to={`/needs/${a.createdNeedId}`}>{t("coordination:actions.seeNeed")}</Link> (
          {t(`needs:status.${a.createdNeedStatus}`)})
        </p>
      ) : a.needCreated ? (
        <p className="text-sm">{t("coordination:actions.needDrafted")}</p>
      ) : null}
      {loaderData.secretariat ? (
        <div className="flex flex-wrap items-end gap-3">
          {a.kind === "need" && !a.needCreated && !followUp ? (
            <Form method="post">
              <input type="hidden" name="actionId" value={a.id} />
              <button type="submit" name="intent" value="to_need" className="btn">
                {t("coordination:actions.toNeed")}
              </button>
            </Form>
          ) : null}
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="follow_up" />
            <input type="hidden" name="actionId" value={a.id} />
            <div>
              <label htmlFor={`status-${a.id}`} className="block text-sm">
                {t("coordination:actions.status")}
              </label>
              <select id={`status-${a.id}`} name="status" defaultValue={a.status}>
                {actionStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`coordination:actionStatus.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`note-${a.id}`} className="block text-sm">
                {t("coordination:actions.followUpLabel")}
              </label>
              <input
                id={`note-${a.id}`}
                name="followUpNote"
                defaultValue={a.followUpNote ?? ""}
                maxLength={1000}
              />
            </div>
            <button type="submit" className="btn btn-secondary">
              {t("coordination:actions.record")}
            </button>
          </Form>
        </div>
      ) : null}
    </li>
  );
}

function NoteForm({ loaderData, lastResult }: { loaderData: LoaderData; lastResult: Result }) {
  const { t } = useTranslation();
  const [form, conformFields] = useForm({
    id: "call-note",
    lastResult: lastResult?.initialValue?.intent === "note" ? lastResult : undefined,
    constraint: getZodConstraint(noteSchema),
    defaultValue: { visibility: "network", contentLanguage: loaderData.locale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: noteSchema }),
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-3">
      <h3>{t("coordination:notes.add")}</h3>
      <input type="hidden" name="intent" value="note" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextAreaField meta={fields.body} label={t("coordination:notes.body")} rows={4} />
      <SelectField
        meta={fields.contentLanguage}
        label={t("coordination:notes.language")}
        options={loaderData.languages}
      />
      <SelectField
        meta={fields.visibility}
        label={t("coordination:notes.visibility")}
        hint={t("coordination:notes.visibilityHint")}
        options={visibilities.map((v) => ({ value: v, label: t(`coordination:noteVisibility.${v}`) }))}
      />
      <button type="submit" className="btn">
        {t("coordination:notes.submit")}
      </button>
    </Form>
  );
}

function ActionForm({ loaderData, lastResult }: { loaderData: LoaderData; lastResult: Result }) {
  const { t } = useTranslation();
  const [form, conformFields] = useForm({
    id: "call-action",
    lastResult: lastResult?.initialValue?.intent === "action" ? lastResult : undefined,
    constraint: getZodConstraint(actionSchema),
    defaultValue: { kind: "task", visibility: "network" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: actionSchema }),
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  const orgOptions = [
    { value: "", label: t("coordination:actions.noOwner") },
    ...loaderData.owners.map((o) => ({ value: o.id, label: o.name })),
  ];
  const userOptions = [
    { value: "", label: t("coordination:actions.noOwner") },
    ...loaderData.owners.flatMap((o) =>
      o.members.map((m) => ({ value: m.id, label: `${m.name} (${o.name})` })),
    ),
  ];
  return (
    <Form method="post" {...getFormProps(form)} className="card space-y-3">
      <h3>{t("coordination:actions.add")}</h3>
      <input type="hidden" name="intent" value="action" />
      <ErrorList id={form.errorId} errors={form.errors} />
      <SelectField
        meta={fields.kind}
        label={t("coordination:actions.kind")}
        hint={t("coordination:actions.kindHint")}
        options={(["task", "need"] as const).map((k) => ({
          value: k,
          label: t(`coordination:actionKind.${k}`),
        }))}
      />
      <TextField meta={fields.title} label={t("coordination:actions.actionTitle")} />
      <TextAreaField meta={fields.description} label={t("coordination:actions.description")} rows={3} />
      <SelectField
        meta={fields.categoryId}
        label={t("coordination:actions.category")}
        hint={t("coordination:actions.categoryHint")}
        options={[{ value: "", label: "—" }, ...loaderData.categories]}
      />
      <SelectField
        meta={fields.ownerOrganisationId}
        label={t("coordination:actions.ownerOrganisation")}
        options={orgOptions}
      />
      <SelectField
        meta={fields.ownerUserId}
        label={t("coordination:actions.ownerUser")}
        options={userOptions}
      />
      <TextField meta={fields.dueOn} type="date" label={t("coordination:actions.dueOn")} />
      <SelectField
        meta={fields.visibility}
        label={t("coordination:actions.visibility")}
        hint={t("coordination:actions.visibilityHint")}
        options={visibilities.map((v) => ({ value: v, label: t(`coordination:actionVisibility.${v}`) }))}
      />
      <button type="submit" className="btn">
        {t("coordination:actions.submit")}
      </button>
    </Form>
  );
}
