// /threads/:id — one conversation: a proposal's questions before accepting, or an engagement's channel.
// Who reads and writes: policy.ts threadAccess. Messages are opened only here, for a reader the policy
// let in, and reading marks them read (no email owed). A message may carry one document (the documents
// feature's rules: type by content, metadata removed or kept as evidence after a warning). Plain
// multipart forms: works without JavaScript; with it, the upload shows its progress.
import { Link } from "react-router";
import { data } from "react-router";
import { mayDeleteDocument } from "~/features/auth/policy";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import {
  DownloadWarning,
  EvidenceMarker,
  fileSize,
  HeldDecision,
  MetadataChoice,
  UploadReport,
  UploadForm,
} from "~/features/documents";
import { receiveDocument } from "~/features/documents/index.server";
import {
  documentsAction,
  documentsPanel,
  isMultipart,
  uploadOutcomeRedirect,
} from "~/features/documents/index.server";
import { DoneNotice } from "~/components/action-ui";
import type { Locale } from "~/i18n/config";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { redirect } from "react-router";
import {
  markRead,
  postMessage,
  readMessages,
  replaceAttachment,
  threadDestroyed,
  threadWithAccess,
  type ThreadRow,
} from "../services/threads.server";
import { MESSAGE_MAX } from "../constants";
import type { Route } from "./+types/thread";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

function actingOrganisationId(
  viewer: { memberships: { organisationId: string; kind: string }[] },
  t: ThreadRow,
  side: string | null,
) {
  if (side === "expert") return t.expertOrganisationId;
  if (side === "coalition") return t.coalitionOrganisationId;
  return viewer.memberships.find((m) => m.kind === "SECRETARIAT")?.organisationId ?? null;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { thread, access } = await threadWithAccess(ctx.viewer, params.id);
  const scope = `thread:${thread.id}`;
  const [{ messages, destroyed }, view] = await Promise.all([
    readMessages(thread, ctx.viewer, access),
    documentsPanel(new URL(request.url), {
      scope,
      viewerId: ctx.user.id,
      mayDelete: (d) => mayDeleteDocument(ctx.viewer, d),
    }),
  ]);
  await markRead(thread.id, ctx.user.id);
  const documents = new Map(view.documents.map((d) => [d.id, d]));
  return {
    thread: {
      id: thread.id,
      kind: thread.kind,
      needTitle: thread.need.title,
      lang: thread.need.contentLanguage,
      proposalId: thread.proposalId,
      engagementId: thread.engagementId ?? thread.proposal?.engagement?.id ?? null,
    },
    side: access.side,
    canWrite: access.write && !destroyed,
    destroyed,
    messages: messages.map((m) => ({
      ...m,
      document: m.documentId ? (documents.get(m.documentId) ?? null) : null,
    })),
    report: view.report,
    held: view.held,
    confirmDownload: view.confirmDownload,
  };
}

type ActionData = {
  messageError?: { messageKey: string; values: Record<string, string | number> };
  body?: string;
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = await requireUser(request);
  const { thread, access } = await threadWithAccess(ctx.viewer, params.id);
  const scope = `thread:${thread.id}`;
  const actor = {
    userId: ctx.user.id,
    organisationId: actingOrganisationId(ctx.viewer, thread, access.side),
    ip: clientIp(context),
  };
  const pagePath = `/threads/${thread.id}`;
  if (!isMultipart(request)) {
    // A decision about a held attachment, or deleting one's own attachment.
    if (!access.read) throw httpError(404, "common:errors.notFound");
    return documentsAction(request, {
      scope,
      actor,
      pagePath,
      canAdd: false,
      mayDelete: (d) => mayDeleteDocument(ctx.viewer, d),
      onHeldResolved: (heldId, documentId) => replaceAttachment(thread.id, heldId, documentId),
    });
  }
  if (!access.write || !access.side) throw httpError(403, "common:errors.forbidden");
  // Checked before the upload is read: an attachment to a destroyed thread would be stored for nothing.
  if (await threadDestroyed(db(), thread))
    return data<ActionData>(
      { messageError: { messageKey: "conversations:errors.destroyed", values: {} } },
      { status: 409 },
    );
  const result = await receiveDocument(request, { scope, actorId: ctx.user.id });
  const body = String(result.fields?.get("body") ?? "").trim();
  if (result.status === "refused" && result.refusal.code !== "no-file") {
    return data<ActionData>(
      { messageError: { messageKey: result.refusal.messageKey, values: result.refusal.values }, body },
      { status: result.refusal.code === "too-large" || result.refusal.code === "scope-full" ? 413 : 422 },
    );
  }
  const attachment =
    result.status === "stored" ? result.document : result.status === "refused" ? null : result.held;
  if (!body && !attachment)
    return data<ActionData>(
      { messageError: { messageKey: "conversations:errors.empty", values: {} }, body },
      { status: 422 },
    );
  if (body.length > MESSAGE_MAX)
    return data<ActionData>(
      { messageError: { messageKey: "conversations:errors.tooLong", values: { max: MESSAGE_MAX } }, body },
      { status: 422 },
    );
  await db().$transaction(async (tx) => {
    await postMessage(tx, {
      thread,
      author: { userId: ctx.user.id, side: access.side!, organisationId: actor.organisationId },
      body,
      documentId: attachment?.id ?? null,
      ip: actor.ip,
    });
    if (result.status === "stored")
      await audit(tx, {
        actorId: actor.userId,
        organisationId: actor.organisationId,
        ip: actor.ip,
        action: "document.uploaded",
        entityType: "Document",
        entityId: result.document.id,
        metadata: { scope, metadataKept: false, size: result.document.size },
      });
  });
  if (result.status === "refused") return redirect(`${pagePath}?done=sent#latest`);
  return uploadOutcomeRedirect(pagePath, result);
}

export default function Thread({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const zone = useReaderZone();
  const { thread, messages } = loaderData;
  const back = thread.engagementId
    ? { to: `/engagements/${thread.engagementId}`, label: t("conversations:thread.backToEngagement") }
    : thread.proposalId && loaderData.side === "expert"
      ? { to: `/proposals/${thread.proposalId}`, label: t("conversations:thread.backToProposal") }
      : { to: "/inbox", label: t("conversations:inbox.title") };
  const err = (actionData as ActionData | undefined)?.messageError;
  return (
    <article className="space-y-4" aria-labelledby="thread-title">
      <p className="text-sm">
        <Link to={back.to}>{back.label}</Link> · <Link to="/inbox">{t("conversations:inbox.title")}</Link>
      </p>
      <h1 id="thread-title">
        {t(`conversations:kind.${thread.kind}`)}: <span lang={thread.lang}>{thread.needTitle}</span>
      </h1>
      <p className="text-sm">🔒 {t(`conversations:thread.who.${thread.kind}`)}</p>
      <DoneNotice ns="conversations" />
      {loaderData.report ? <UploadReport report={loaderData.report} /> : null}
      {loaderData.held ? <HeldDecision held={loaderData.held} /> : null}
      {loaderData.confirmDownload ? (
        <DownloadWarning
          confirm={loaderData.confirmDownload}
          downloadBase={`/threads/${thread.id}/documents`}
          backTo={`/threads/${thread.id}`}
        />
      ) : null}
      {loaderData.destroyed ? <p className="card">{t("conversations:thread.destroyed")}</p> : null}
      {messages.length === 0 ? <p>{t("conversations:thread.empty")}</p> : null}
      <ol className="space-y-3" aria-label={t("conversations:thread.messages")}>
        {messages.map((m, i) => (
          <li
            key={m.id}
            id={i === messages.length - 1 ? "latest" : undefined}
            className={`card space-y-1 ${m.mine ? "border-stone-500" : ""}`}
          >
            <p className="text-sm text-[var(--color-muted)]">
              <span className="badge mr-1">{t(`conversations:side.${m.side}`)}</span>
              {m.side === "coalition" && m.authorName === null
                ? t("conversations:thread.anonymousCoalition")
                : [m.authorName ?? t("conversations:thread.formerMember"), m.organisationName]
                    .filter(Boolean)
                    .join(" · ")}{" "}
              · {formatDateTime(m.createdAt, locale, zone)}
            </p>
            {m.body ? <p className="whitespace-pre-wrap">{m.body}</p> : null}
            {m.documentId ? (
              m.document ? (
                <p className="flex flex-wrap items-center gap-2">
                  📎{" "}
                  {m.document.metadataKept ? (
                    <Link to={`/threads/${thread.id}?download=${m.document.id}`}>{m.document.filename}</Link>
                  ) : (
                    <a href={`/threads/${thread.id}/documents/${m.document.id}`} download>
                      {m.document.filename}
                    </a>
                  )}
                  <span className="text-sm">{fileSize(m.document.size, locale)}</span>
                  {m.document.metadataKept ? <EvidenceMarker /> : null}
                </p>
              ) : (
                <p className="text-sm text-[var(--color-muted)]">
                  {t("conversations:thread.attachmentUnavailable")}
                </p>
              )
            ) : null}
          </li>
        ))}
      </ol>
      {loaderData.canWrite ? (
        <UploadForm action={`/threads/${thread.id}`} error={err ?? null} idPrefix="message">
          <h2>{t("conversations:thread.reply")}</h2>
          <div>
            <label htmlFor="message-body" className="block font-semibold">
              {t("conversations:thread.body")}
            </label>
            <textarea
              id="message-body"
              name="body"
              rows={4}
              maxLength={MESSAGE_MAX}
              defaultValue={(actionData as ActionData | undefined)?.body ?? ""}
              className="w-full"
            />
          </div>
          <div>
            <label htmlFor="message-file" className="block">
              {t("conversations:thread.attach")}
            </label>
            <p id="message-file-hint" className="text-sm text-[var(--color-muted)]">
              {t("documents:panel.allowed")}
            </p>
            <input
              id="message-file"
              type="file"
              name="file"
              accept=".pdf,.odt,.ods,.docx,.xlsx,.png,.jpg,.jpeg,.txt,.csv"
              aria-describedby="message-file-hint"
            />
          </div>
          <MetadataChoice idPrefix="message-metadata" />
          <button type="submit" className="btn">
            {t("conversations:thread.send")}
          </button>
        </UploadForm>
      ) : (
        <>
          {err ? (
            <p role="alert" className="card border-red-700">
              {t(err.messageKey, err.values)}
            </p>
          ) : null}
          <p className="card">{t("conversations:thread.readOnly")}</p>
        </>
      )}
    </article>
  );
}
