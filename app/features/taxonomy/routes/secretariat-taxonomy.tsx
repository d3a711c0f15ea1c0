// /secretariat/taxonomy — the secretariat adds, renames, merges and retires categories and topics (issue
// 17). Every add and rename needs the labels in English, Spanish and French; retired terms stay on the
// records that carry them; merging moves the records. Plain POST forms with an `intent` (no JavaScript
// needed); each change is audited and reaches every process without a deploy (`taxonomyChanged`).
import { ErrorList } from "~/components/form-fields";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect } from "react-router";
import { requireSecretariat } from "~/features/auth/index.server";
import { ActionMessage, DoneNotice, fieldErrorsOf } from "~/components/action-ui";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import type { ErrorPayload } from "~/utils/http.server";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import {
  addCategory,
  addTopic,
  mergeTerm,
  renameTerm,
  retireTerm,
  TaxonomyRefusedError,
} from "../editing.server";
import { taxonomyChanged } from "../reference.server";
import { taxonomyEditSchema } from "../editing-schema";
import type { Route } from "./+types/secretariat-taxonomy";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

type Labels = { en?: string; es?: string; fr?: string };

export async function loader({ request }: Route.LoaderArgs) {
  const ctx = await requireSecretariat(request);
  const locale = getLocale(request, ctx.user.locale);
  const categories = await db().category.findMany({
    orderBy: [{ retiredAt: { sort: "asc", nulls: "first" } }, { position: "asc" }, { id: "asc" }],
    select: {
      id: true,
      labels: true,
      retiredAt: true,
      mergedIntoId: true,
      topics: {
        orderBy: [{ retiredAt: { sort: "asc", nulls: "first" } }, { position: "asc" }, { id: "asc" }],
        select: { id: true, labels: true, retiredAt: true, mergedIntoId: true },
      },
    },
  });
  const shown = (labels: unknown) => labels as Labels;
  return {
    locale,
    categories: categories.map((c) => ({
      id: c.id,
      labels: shown(c.labels),
      retired: !!c.retiredAt,
      mergedIntoId: c.mergedIntoId,
      topics: c.topics.map((tp) => ({
        id: tp.id,
        labels: shown(tp.labels),
        retired: !!tp.retiredAt,
        mergedIntoId: tp.mergedIntoId,
      })),
    })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = await requireSecretariat(request);
  const submission = parseWithZod(await readForm(request), { schema: taxonomyEditSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const v = submission.value;
  const actor = { userId: ctx.user.id, ip: clientIp(context) };
  try {
    await db().$transaction(async (tx) => {
      if (v.intent === "addCategory")
        await addCategory(tx, actor, { key: v.key, labels: { en: v.en, es: v.es, fr: v.fr } });
      else if (v.intent === "addTopic")
        await addTopic(tx, actor, {
          categoryId: v.categoryId,
          key: v.key,
          labels: { en: v.en, es: v.es, fr: v.fr },
        });
      else if (v.intent === "rename")
        await renameTerm(tx, actor, { kind: v.kind, id: v.id, labels: { en: v.en, es: v.es, fr: v.fr } });
      else if (v.intent === "retire") await retireTerm(tx, actor, { kind: v.kind, id: v.id });
      else await mergeTerm(tx, actor, { kind: v.kind, fromId: v.id, intoId: v.intoId });
    });
  } catch (error) {
    if (error instanceof TaxonomyRefusedError)
      return data<ErrorPayload>(
        { messageKey: `taxonomy:editing.refused.${error.code}` },
        { status: error.status },
      );
    throw error;
  }
  await taxonomyChanged();
  const done = { addCategory: "add_category", addTopic: "add_topic" }[v.intent as string] ?? v.intent;
  return redirect(`/secretariat/taxonomy?done=${done}`);
}

function LabelInputs({ prefix, labels }: { prefix: string; labels?: Labels }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-2 sm:grid-cols-3">
      {(["en", "es", "fr"] as const).map((l) => (
        <p key={l}>
          <label htmlFor={`${prefix}-${l}`} className="block text-sm">
            {t(`taxonomy:editing.label.${l}`)}
          </label>
          <input
            id={`${prefix}-${l}`}
            name={l}
            required
            maxLength={200}
            defaultValue={labels?.[l] ?? ""}
            lang={l}
          />
        </p>
      ))}
    </div>
  );
}

function Term({
  kind,
  term,
  siblings,
  locale,
}: {
  kind: "category" | "topic";
  term: { id: string; labels: Labels; retired: boolean; mergedIntoId: string | null };
  siblings: Array<{ id: string; labels: Labels }>;
  locale: string;
}) {
  const { t } = useTranslation();
  const name = term.labels[locale as keyof Labels] ?? term.labels.en ?? term.id;
  if (term.retired)
    return (
      <p>
        <span className="text-[var(--color-muted)]">{name}</span> <code>{term.id}</code> ·{" "}
        {term.mergedIntoId
          ? t("taxonomy:editing.mergedInto", { id: term.mergedIntoId })
          : t("taxonomy:editing.retired")}
      </p>
    );
  const slug = term.id.replace(/[^a-z0-9]/g, "-");
  return (
    <details>
      <summary>
        <strong>{name}</strong> <code>{term.id}</code>
      </summary>
      <div className="space-y-3 py-2">
        <Form method="post" className="space-y-2">
          <input type="hidden" name="intent" value="rename" />
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name="id" value={term.id} />
          <LabelInputs prefix={`rename-${slug}`} labels={term.labels} />
          <button type="submit" className="btn btn-secondary">
            {t("taxonomy:editing.renameNamed", { name })}
          </button>
        </Form>
        {siblings.length ? (
          <Form method="post" className="flex flex-wrap items-end gap-2">
            <input type="hidden" name="intent" value="merge" />
            <input type="hidden" name="kind" value={kind} />
            <input type="hidden" name="id" value={term.id} />
            <p>
              <label htmlFor={`merge-${slug}`} className="block text-sm">
                {t("taxonomy:editing.mergeInto", { name })}
              </label>
              <select id={`merge-${slug}`} name="intoId" required>
                {siblings.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.labels[locale as keyof Labels] ?? s.labels.en ?? s.id}
                  </option>
                ))}
              </select>
            </p>
            <button type="submit" className="btn btn-secondary">
              {t("taxonomy:editing.merge")}
            </button>
          </Form>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="retire" />
          <input type="hidden" name="kind" value={kind} />
          <input type="hidden" name="id" value={term.id} />
          <button type="submit" className="btn btn-danger">
            {t("taxonomy:editing.retireNamed", { name })}
          </button>
        </Form>
      </div>
    </details>
  );
}

export default function SecretariatTaxonomy({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { categories, locale } = loaderData;
  const active = categories.filter((c) => !c.retired);
  const errors = fieldErrorsOf(actionData);
  const fieldErrors = [...new Set(Object.values(errors).flatMap((e) => e ?? []))];
  return (
    <section aria-labelledby="taxonomy-title" className="space-y-4">
      <h1 id="taxonomy-title">{t("taxonomy:editing.title")}</h1>
      <p>{t("taxonomy:editing.intro")}</p>
      <DoneNotice ns="taxonomy" />
      <ActionMessage data={actionData} />
      <ErrorList errors={fieldErrors} className="card border-red-700 text-red-800" />
      {categories.map((c) => {
        const activeTopics = c.topics.filter((tp) => !tp.retired);
        return (
          <section key={c.id} aria-labelledby={`cat-${c.id}`} className="card space-y-2">
            <h2 id={`cat-${c.id}`} className="text-lg">
              {c.labels[locale as keyof Labels] ?? c.labels.en ?? c.id}
            </h2>
            <Term kind="category" term={c} siblings={active.filter((o) => o.id !== c.id)} locale={locale} />
            <h3 className="font-semibold">{t("taxonomy:editing.topics")}</h3>
            <ul className="space-y-1">
              {c.topics.map((tp) => (
                <li key={tp.id}>
                  <Term
                    kind="topic"
                    term={tp}
                    siblings={activeTopics.filter((o) => o.id !== tp.id)}
                    locale={locale}
                  />
                </li>
              ))}
            </ul>
            {!c.retired ? (
              <Form method="post" className="space-y-2">
                <h4 className="font-semibold">
                  {t("taxonomy:editing.addTopicTo", { name: c.labels.en ?? c.id })}
                </h4>
                <input type="hidden" name="intent" value="addTopic" />
                <input type="hidden" name="categoryId" value={c.id} />
                <p>
                  <label htmlFor={`topic-key-${c.id}`} className="block text-sm">
                    {t("taxonomy:editing.key")}
                  </label>
                  <input id={`topic-key-${c.id}`} name="key" required pattern="[a-z][a-z0-9_]{1,39}" />
                </p>
                <LabelInputs prefix={`topic-${c.id}`} />
                <button type="submit" className="btn">
                  {t("taxonomy:editing.addTopic")}
                </button>
              </Form>
            ) : null}
          </section>
        );
      })}
      <Form method="post" className="card space-y-2">
        <h2 className="text-lg">{t("taxonomy:editing.addCategory")}</h2>
        <input type="hidden" name="intent" value="addCategory" />
        <p>
          <label htmlFor="category-key" className="block text-sm">
            {t("taxonomy:editing.key")}
          </label>
          <input id="category-key" name="key" required pattern="[a-z][a-z0-9_]{1,39}" />
        </p>
        <LabelInputs prefix="category" />
        <button type="submit" className="btn">
          {t("taxonomy:editing.addCategory")}
        </button>
      </Form>
    </section>
  );
}
