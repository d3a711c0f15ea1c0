// /settings/notifications — digest frequency (daily / weekly / off), filters (categories, countries,
// topics) and urgent alerts. A plain POST form (works without JavaScript), one Zod schema for client
// and server, errors next to their field.
import { getInputProps } from "@conform-to/react";
import { SummarisedForm } from "~/components/error-summary";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, redirect, useSearchParams } from "react-router";
import { z } from "zod";
import { ErrorList, Notice, TextField } from "~/components/form-fields";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { categories } from "~/features/taxonomy/reference-data";
import { isLocale } from "~/i18n/config";
import { getPreferences, savePreferences } from "../services/preferences.server";
import type { Route } from "./+types/notifications";
import { useSchemaForm } from "~/components/use-schema-form";
import { db } from "~/utils/db.server";

const COUNTRY_LIST = /^\s*([A-Za-z]{2}\s*(,\s*[A-Za-z]{2}\s*)*)?,?\s*$/;
const categoryIds = categories.map((c) => c.id);
const topicIds = categories.flatMap((c) => c.topics.map((t) => t.id));

export const notificationsSchema = z.object({
  frequency: z.enum(["daily", "weekly", "off"], { message: "common:errors.badRequest" }),
  categoryIds: z.array(z.enum(categoryIds as [string, ...string[]])).optional(),
  topicIds: z.array(z.enum(topicIds as [string, ...string[]])).optional(),
  countries: z.string().max(1000).regex(COUNTRY_LIST, "digest:preferences.invalidCountries").optional(),
  urgentAlerts: z.boolean().optional(),
  messageEmails: z.boolean().optional(),
});

function countryCodes(value: string | undefined) {
  return [
    ...new Set(
      (value ?? "")
        .split(",")
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
}

export async function loader({ request }: Route.LoaderArgs) {
  const { user } = await requireUser(request);
  return { preferences: await getPreferences(user.id), locale: isLocale(user.locale) ? user.locale : "en" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema: notificationsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  await db().$transaction((tx) =>
    savePreferences(
      tx,
      user.id,
      {
        frequency: v.frequency,
        categoryIds: v.categoryIds ?? [],
        topicIds: v.topicIds ?? [],
        countryCodes: countryCodes(v.countries),
        urgentAlerts: v.urgentAlerts ?? false,
        messageEmails: v.messageEmails ?? false,
      },
      { ip: clientIp(context) },
    ),
  );
  return redirect("/settings/notifications?done=saved");
}

export default function Notifications({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const p = loaderData.preferences;
  const locale = loaderData.locale;
  const [form, fields] = useSchemaForm(notificationsSchema, {
    id: "notifications",
    lastResult: actionData?.result,
    defaultValue: {
      frequency: p.frequency,
      categoryIds: p.categoryIds,
      topicIds: p.topicIds,
      countries: p.countryCodes.join(", "),
      urgentAlerts: p.urgentAlerts,
      messageEmails: p.messageEmails,
    },
  });
  const chosenCategories = new Set(p.categoryIds);
  const chosenTopics = new Set(p.topicIds);
  return (
    <section className="max-w-2xl space-y-6" aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t("digest:preferences.title")}</h1>
      {params.get("done") === "saved" ? <Notice>{t("digest:preferences.saved")}</Notice> : null}
      <p>{t("digest:preferences.intro")}</p>
      <SummarisedForm form={form} className="space-y-6">
        <fieldset className="space-y-2" aria-describedby={fields.frequency.errorId}>
          <legend className="font-bold">{t("digest:preferences.frequency")}</legend>
          {(["daily", "weekly", "off"] as const).map((f) => (
            <div key={f}>
              <input
                type="radio"
                id={`frequency-${f}`}
                name={fields.frequency.name}
                value={f}
                defaultChecked={p.frequency === f}
              />{" "}
              <label htmlFor={`frequency-${f}`}>{t(`digest:preferences.frequency_${f}`)}</label>
            </div>
          ))}
          <ErrorList id={fields.frequency.errorId} errors={fields.frequency.errors} />
        </fieldset>

        <fieldset className="space-y-4">
          <legend className="font-bold">{t("digest:preferences.filtersTitle")}</legend>
          <p className="text-sm text-[var(--color-muted)]">{t("digest:preferences.filtersHint")}</p>
          <fieldset className="space-y-1">
            <legend>{t("digest:preferences.categories")}</legend>
            {categories.map((c) => (
              <div key={c.id}>
                <input
                  type="checkbox"
                  id={`category-${c.id}`}
                  name={fields.categoryIds.name}
                  value={c.id}
                  defaultChecked={chosenCategories.has(c.id)}
                />{" "}
                <label htmlFor={`category-${c.id}`}>{c.labels[locale]}</label>
              </div>
            ))}
            <ErrorList id={fields.categoryIds.errorId} errors={fields.categoryIds.errors} />
          </fieldset>
          <TextField
            meta={fields.countries}
            label={t("digest:preferences.countries")}
            hint={t("digest:preferences.countriesHint")}
          />
          <fieldset className="space-y-1">
            <legend>{t("digest:preferences.topics")}</legend>
            {categories.map((c) => (
              <div key={c.id} className="space-y-1">
                <p className="text-sm font-bold">{c.labels[locale]}</p>
                {c.topics.map((topic) => (
                  <div key={topic.id}>
                    <input
                      type="checkbox"
                      id={`topic-${topic.id}`}
                      name={fields.topicIds.name}
                      value={topic.id}
                      defaultChecked={chosenTopics.has(topic.id)}
                    />{" "}
                    <label htmlFor={`topic-${topic.id}`}>{topic.labels[locale]}</label>
                  </div>
                ))}
              </div>
            ))}
            <ErrorList id={fields.topicIds.errorId} errors={fields.topicIds.errors} />
          </fieldset>
        </fieldset>

        <div>
          <input
            {...getInputProps(fields.urgentAlerts, { type: "checkbox" })}
            key={fields.urgentAlerts.key}
          />{" "}
          <label htmlFor={fields.urgentAlerts.id}>{t("digest:preferences.urgentAlerts")}</label>
        </div>
        <div>
          <input
            {...getInputProps(fields.messageEmails, { type: "checkbox" })}
            key={fields.messageEmails.key}
            aria-describedby="message-emails-hint"
          />{" "}
          <label htmlFor={fields.messageEmails.id}>{t("digest:preferences.messageEmails")}</label>
          <p id="message-emails-hint" className="text-sm text-[var(--color-muted)]">
            {t("digest:preferences.messageEmailsHint")}
          </p>
        </div>
        <button type="submit" className="btn">
          {t("digest:preferences.save")}
        </button>
      </SummarisedForm>
    </section>
  );
}
