// /secretariat/legislation/:id/edit: the secretariat corrects a tracked text (kind, title, summary,
// language, reference, effect on civic space). Stages are not edited here: they move on the text's page,
// with their dated history. Every change is audited (which fields changed).
import { type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Link, redirect } from "react-router";
import { SummarisedForm } from "~/components/error-summary";
import { useSchemaForm } from "~/components/use-schema-form";
import { requireSecretariat } from "~/features/auth/index.server";
import { languageName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { LegislationFields } from "../components/fields";
import { contentLanguages, editSchema } from "../schemas";
import { editLegislation, loadLegislation } from "../services/legislation.server";
import type { Route } from "./+types/edit";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const { legislation } = await loadLegislation(ctx.viewer, params.id);
  return {
    legislation: {
      id: legislation.id,
      kind: legislation.kind,
      title: legislation.title,
      summary: legislation.summary,
      contentLanguage: legislation.contentLanguage,
      reference: legislation.reference ?? "",
      direction: legislation.direction,
    },
    languages: contentLanguages.map((l) => ({ value: l, label: languageName(l, locale) })),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const submission = parseWithZod(await readForm(request), { schema: editSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 422 });
  const { intent: _intent, ...input } = submission.value;
  await db().$transaction((tx) =>
    editLegislation(tx, ctx.viewer, { userId: ctx.user.id, ip: clientIp(context) }, params.id, input),
  );
  return redirect(`/legislation/${params.id}?done=edited`);
}

export default function EditLegislation({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const l = loaderData.legislation;
  const [form, conformFields] = useSchemaForm(editSchema, {
    id: "legislation-edit",
    lastResult: actionData?.result,
    defaultValue: l,
  });
  const fields = conformFields as unknown as Record<string, FieldMetadata<string>>;
  return (
    <section className="max-w-2xl space-y-4" aria-labelledby="legislation-edit-title">
      <h1 id="legislation-edit-title">{t("legislation:form.editTitle", { title: l.title })}</h1>
      <SummarisedForm form={form} className="space-y-4">
        <input type="hidden" name="intent" value="edit" />
        <LegislationFields fields={fields} languages={loaderData.languages} />
        <p className="flex gap-3">
          <button type="submit" className="btn">
            {t("legislation:form.save")}
          </button>
          <Link to={`/legislation/${l.id}`} className="btn btn-secondary">
            {t("legislation:form.cancel")}
          </Link>
        </p>
      </SummarisedForm>
    </section>
  );
}
