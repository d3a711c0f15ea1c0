// Conversations through the pages (issue 16): questions before accepting (the coalition answers directly
// when the need is not anonymised; an anonymised coalition never takes part, the secretariat answers and
// no coalition name reaches the expert), the engagement's thread with an attachment, bodies sealed at
// rest, unread counts in the inbox and the header, and "new message" emails without content, at most
// one per thread and reader every 15 minutes, respecting the notification settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMessageNotifications } from "~/features/conversations/index.server";
import { renderEmail } from "~/features/email/services/render.server";
import { db } from "~/utils/db.server";
import { closeSqlPools } from "~/utils/sql.server";
import { send } from "../support/app";
import { buildScene, multipart } from "./support";

let s: Awaited<ReturnType<typeof buildScene>>;
let anon: Awaited<ReturnType<typeof buildScene>>;
beforeAll(async () => {
  s = await buildScene({ coalitionLocale: "es" });
  anon = await buildScene({ anonymised: true });
});
afterAll(async () => {
  await closeSqlPools();
});

function threadIdFrom(location: string | null) {
  const m = /\/threads\/([^/?#]+)/.exec(location ?? "");
  expect(m, `thread in ${location}`).toBeTruthy();
  return m![1];
}

async function post(
  threadId: string,
  cookie: string,
  body: string,
  file: { name: string; bytes: Buffer } | null = null,
) {
  const m = multipart(file, { body, metadata: "remove" });
  return send(`/threads/${threadId}`, { cookie, body: m.body, headers: m.headers, method: "POST" });
}

describe("questions before accepting", () => {
  it("the expert asks, the coalition (not anonymised) answers directly; bodies are sealed at rest", async () => {
    const page = await send(`/proposals/${s.approved.id}/questions`, { cookie: s.cookies.expert });
    expect(page.status).toBe(200);
    // Only the expert opens the conversation.
    expect(
      (
        await send(`/proposals/${s.approved.id}/questions`, {
          cookie: s.cookies.coalition,
          form: { body: "Hi" },
        })
      ).status,
    ).toBe(403);
    const empty = await send(`/proposals/${s.approved.id}/questions`, {
      cookie: s.cookies.expert,
      form: { body: " " },
    });
    expect(empty.status).toBe(422);
    expect(empty.body).toContain("Write your question.");

    const asked = await send(`/proposals/${s.approved.id}/questions`, {
      cookie: s.cookies.expert,
      form: { body: "QUESTION-ONE: which article worries you most?" },
    });
    expect(asked.status).toBe(302);
    const threadId = threadIdFrom(asked.location);
    const stored = await db().message.findFirstOrThrow({ where: { threadId } });
    expect(stored.body.startsWith("pe1.")).toBe(true);
    expect(stored.body).not.toContain("QUESTION-ONE");

    // The coalition sees it as unread: in the header and the inbox (Spanish, its language).
    const inbox = await send("/inbox", { cookie: s.cookies.coalition });
    expect(inbox.body).toContain("Mensajes (1 sin leer)");
    expect(inbox.body).toContain('data-testid="unread-count"');
    const read = await send(`/threads/${threadId}`, { cookie: s.cookies.coalition });
    expect(read.status).toBe(200);
    expect(read.body).toContain("QUESTION-ONE");
    expect((await send("/inbox", { cookie: s.cookies.coalition })).body).not.toContain("sin leer");

    const answered = await post(threadId, s.cookies.coalition, "ANSWER-ONE: article 12.");
    expect(answered.status).toBe(302);
    const expertView = await send(`/threads/${threadId}`, { cookie: s.cookies.expert });
    expect(expertView.body).toContain("ANSWER-ONE");
    expect(expertView.body).toContain("Coalición Secreta"); // not anonymised: named
    // Another expert organisation: nothing.
    expect((await send(`/threads/${threadId}`, { cookie: s.cookies.otherExpert })).status).toBe(404);
    // A second visit to the questions page leads to the thread.
    expect((await send(`/proposals/${s.approved.id}/questions`, { cookie: s.cookies.expert })).location).toBe(
      `/threads/${threadId}`,
    );
  });

  it("an anonymised coalition never takes part: the secretariat answers, and the coalition's name never reaches the expert", async () => {
    const asked = await send(`/proposals/${anon.approved.id}/questions`, {
      cookie: anon.cookies.expert,
      form: { body: "Who else is involved?" },
    });
    const threadId = threadIdFrom(asked.location);
    expect((await send(`/threads/${threadId}`, { cookie: anon.cookies.coalition })).status).toBe(404);
    expect((await post(threadId, anon.cookies.coalition, "We are the coalition")).status).toBe(404);
    expect((await send("/inbox", { cookie: anon.cookies.coalition })).body).not.toContain(threadId);
    expect((await post(threadId, anon.cookies.secretariat, "SECRETARIAT-ANSWER")).status).toBe(302);
    const expertView = await send(`/threads/${threadId}`, { cookie: anon.cookies.expert });
    expect(expertView.body).toContain("SECRETARIAT-ANSWER");
    expect(expertView.body).not.toContain("Coalición Secreta");
    expect(expertView.body).not.toContain("Ana Coalition");
    // The coalition's members are not participants: no unread state, no email owed.
    expect(await db().threadReader.count({ where: { threadId, userId: anon.users.coalitionUser.id } })).toBe(
      0,
    );
  });
});

describe("the engagement's conversation", () => {
  it("both sides exchange messages and a document; the secretariat reads; a closed engagement's thread is read-only", async () => {
    const go = await send(`/engagements/${s.engagement.id}/messages`, { cookie: s.cookies.coalition });
    expect(go.status).toBe(302);
    const threadId = threadIdFrom(go.location);
    expect(
      (await send(`/engagements/${s.engagement.id}/messages`, { cookie: s.cookies.expert })).location,
    ).toBe(`/threads/${threadId}`);
    const sent = await post(threadId, s.cookies.expert, "Here is our memo", {
      name: "memo.txt",
      bytes: Buffer.from("MEMO-TEXT\n"),
    });
    expect(sent.status).toBe(302);
    const docId = new URL(sent.location!, "http://x").searchParams.get("report")!;
    const view = await send(`/threads/${threadId}`, { cookie: s.cookies.coalition });
    expect(view.body).toContain("Here is our memo");
    expect(view.body).toContain("memo.txt");
    const dl = await send(`/threads/${threadId}/documents/${docId}`, { cookie: s.cookies.coalition });
    expect(dl.body).toBe("MEMO-TEXT\n");
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect((await send(`/threads/${threadId}`, { cookie: s.cookies.secretariat })).body).toContain(
      "Here is our memo",
    );

    // A hostile attachment: refused with the message, the text kept in the form, no message stored.
    const before = await db().message.count({ where: { threadId } });
    const refused = await post(threadId, s.cookies.coalition, "KEEP-MY-TEXT", {
      name: "x.pdf",
      bytes: Buffer.from("MZ\x90\x00not a pdf"),
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toContain("No se puede subir este tipo de archivo"); // the coalition reads Spanish
    expect(refused.body).toContain("KEEP-MY-TEXT");
    expect(await db().message.count({ where: { threadId } })).toBe(before);
    const nothing = await post(threadId, s.cookies.coalition, "   ");
    expect(nothing.status).toBe(422);

    await db().engagement.update({
      where: { id: s.engagement.id },
      data: { status: "closed", closedAt: new Date() },
    });
    const closed = await send(`/threads/${threadId}`, { cookie: s.cookies.expert });
    expect(closed.body).toContain("This conversation is closed");
    expect((await post(threadId, s.cookies.expert, "late")).status).toBe(403);
    await db().engagement.update({
      where: { id: s.engagement.id },
      data: { status: "active", closedAt: null },
    });
  });
});

describe("new message emails", () => {
  it("carry no content, go out at most once per thread and reader per 15 minutes, and respect the settings", async () => {
    const go = await send(`/engagements/${anon.engagement.id}/messages`, { cookie: anon.cookies.expert });
    const threadId = threadIdFrom(go.location);
    // The secretariat member turned message emails off.
    await db().digestSubscription.create({
      data: { userId: anon.users.secretariatUser.id, messageEmails: false },
    });
    const t0 = new Date();
    expect((await post(threadId, anon.cookies.expert, "CONFIDENTIAL-BODY-1")).status).toBe(302);
    const all = () =>
      db().emailMessage.findMany({
        where: { template: "new_message", params: { path: ["threadUrl"], string_contains: threadId } },
      });
    const emails = async () => (await all()).filter((e) => e.userId === anon.users.coalitionUser.id);
    await sendMessageNotifications(db(), new Date(t0.getTime() + 1000));
    // The coalition member and the other secretariat members; not the author, not who turned them off.
    const recipients = (await all()).map((e) => e.userId);
    expect(recipients).toContain(anon.users.coalitionUser.id);
    expect(recipients).toContain(s.users.secretariatUser.id);
    expect(recipients).not.toContain(anon.users.secretariatUser.id);
    expect(recipients).not.toContain(anon.users.expertUser.id);
    let sent = await emails();
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0].params)).not.toContain("CONFIDENTIAL");
    expect(Object.keys(sent[0].params as object)).toEqual(["threadUrl"]);
    const rendered = await renderEmail(
      "new_message",
      sent[0].locale,
      sent[0].params as { threadUrl: string },
    );
    expect(rendered.subject).toBe("You have a new message about an engagement on Puente");
    expect(rendered.text).toContain(`/threads/${threadId}`);
    const spanish = await renderEmail("new_message", "es", sent[0].params as { threadUrl: string });
    expect(spanish.subject).toBe("Tiene un mensaje nuevo sobre una colaboración en Puente");
    expect(rendered.text).not.toContain("CONFIDENTIAL-BODY");
    expect(rendered.text).not.toContain("Coalición");

    // Two more messages within 15 minutes: no second email; after 15 minutes: one more.
    await post(threadId, anon.cookies.expert, "CONFIDENTIAL-BODY-2");
    await sendMessageNotifications(db(), new Date(t0.getTime() + 5 * 60_000));
    await post(threadId, anon.cookies.expert, "CONFIDENTIAL-BODY-3");
    await sendMessageNotifications(db(), new Date(t0.getTime() + 10 * 60_000));
    expect(await emails()).toHaveLength(1);
    await sendMessageNotifications(db(), new Date(t0.getTime() + 16 * 60_000));
    sent = await emails();
    expect(sent).toHaveLength(2);
    // Nothing new: nothing more, however often it runs (idempotent).
    await sendMessageNotifications(db(), new Date(t0.getTime() + 40 * 60_000));
    expect(await emails()).toHaveLength(2);

    // Reading the thread means no email is owed.
    await post(threadId, anon.cookies.expert, "CONFIDENTIAL-BODY-4");
    await send(`/threads/${threadId}`, { cookie: anon.cookies.coalition });
    await sendMessageNotifications(db(), new Date(t0.getTime() + 60 * 60_000));
    expect(await emails()).toHaveLength(2);
  });
});
