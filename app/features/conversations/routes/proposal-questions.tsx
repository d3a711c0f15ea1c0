// /proposals/:id/questions — questions before accepting. The expert opens the proposal's conversation
// with a first question (the secretariat sees it, and the coalition too unless the need is anonymised:
// then the secretariat answers for it). Once it exists, this page leads to the thread.
import { ErrorList } from "~/components/form-fields";
import { data, Form, Link, redirect } from "react-router";
import { threadAccess } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { openProposalThread, postMessage, threadOfProposal } from "../services/threads.server";
import { MESSAGE_MAX } from "../constants";
import type { Route } from "./+types/proposal-questions";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function load(request: Request, id: string) {
  const ctx = await requireUser(request);
  const proposal = await db().proposal.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      reviewedAt: true,
      expertOrganisationId: true,
      need: { select: { title: true, organisationId: true, anonymised: true, contentLanguage: true } },
    },
  });
  const access =
    proposal && proposal.reviewedAt
      ? threadAccess(ctx.viewer, {
          kind: "proposal",
          expertOrganisationId: proposal.expertOrganisationId,
          coalitionOrganisationId: proposal.need.organisationId,
          anonymised: proposal.need.anonymised,
          status: proposal.status,
        })
      : null;
  if (!proposal || !access?.read) throw httpError(404, "common:errors.notFound");
  return { ctx, proposal, access };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { proposal, access } = await load(request, params.id);
  const thread = await threadOfProposal(proposal.id);
  if (thread) throw redirect(`/threads/${thread.id}`);
  return {
    proposal: { id: proposal.id, title: proposal.need.title, lang: proposal.need.contentLanguage },
    canAsk: access.side === "expert" && access.write,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, proposal, access } = await load(request, params.id);
  if (access.side !== "expert" || !access.write) throw httpError(403, "common:errors.forbidden");
  const form = await readForm(request);
  const body = String(form.get("body") ?? "").trim();
  if (!body || body.length > MESSAGE_MAX)
    return data(
      { errors: { body: [body ? "conversations:errors.tooLong" : "conversations:errors.question"] } },
      { status: 422 },
    );
  const thread = await db().$transaction(async (tx) => {
    const t = await openProposalThread(tx, proposal.id);
    await postMessage(tx, {
      thread: t,
      author: { userId: ctx.user.id, side: "expert", organisationId: proposal.expertOrganisationId },
      body,
      ip: clientIp(context),
    });
    return t;
  });
  return redirect(`/threads/${thread.id}?done=asked`);
}

export default function ProposalQuestions({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { proposal } = loaderData;
  const errors = (actionData as { errors?: { body?: string[] } } | undefined)?.errors;
  return (
    <article className="space-y-4" aria-labelledby="questions-title">
      <p className="text-sm">
        <Link to={loaderData.canAsk ? `/proposals/${proposal.id}` : "/inbox"}>
          {loaderData.canAsk ? t("conversations:thread.backToProposal") : t("conversations:inbox.title")}
        </Link>
      </p>
      <h1 id="questions-title">
        {t("conversations:kind.proposal")}: <span lang={proposal.lang}>{proposal.title}</span>
      </h1>
      {loaderData.canAsk ? (
        <Form method="post" className="card space-y-2">
          <p>{t("conversations:questions.hint")}</p>
          <label htmlFor="question-body" className="block font-semibold">
            {t("conversations:questions.label")}
          </label>
          <textarea
            id="question-body"
            name="body"
            rows={5}
            required
            maxLength={MESSAGE_MAX}
            className="w-full"
            aria-invalid={errors?.body ? true : undefined}
            aria-describedby={errors?.body ? "question-body-error" : undefined}
          />
          <ErrorList id="question-body-error" errors={errors?.body} />
          <button type="submit" className="btn">
            {t("conversations:questions.send")}
          </button>
        </Form>
      ) : (
        <p>{t("conversations:questions.none")}</p>
      )}
    </article>
  );
}
