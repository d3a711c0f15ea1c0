// Local mail catcher for development: a real SMTP server (smtp-server) on loopback that accepts every
// message and stores it in var/mail (raw .eml + index.jsonl, readable by this system user only). Point
// SMTP_URL at it (the default: smtp://127.0.0.1:1025).
//   npm run mail:catcher        (MAIL_CATCHER_PORT, MAIL_CATCHER_DIR to change port and folder)
//   npm run mail [-- <id>]      lists the latest messages caught / prints one (its text part, with links)
// Caught mail holds password-reset and invitation links, so nothing serves it over the network: the
// quick start (production build) has no mailbox page, `npm run dev` shows /dev/mailbox to signed-in users
// on loopback only (issue 15).
import { randomUUID } from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import {
  listMailbox,
  mailDir,
  readMailboxMessage,
  storeMessage,
  type MailboxMessage,
} from "~/features/email/services/mailbox.server";

const port = Number(process.env.MAIL_CATCHER_PORT ?? 1025);
const host = process.env.MAIL_CATCHER_HOST ?? "127.0.0.1";

/** What the development mailbox page shows of a message, parsed here once so the web process need not. */
function mailboxView(parsed: ParsedMail, raw: Buffer): Omit<MailboxMessage, "id"> {
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    return typeof value === "string" ? value : value ? JSON.stringify(value) : null;
  };
  return {
    subject: parsed.subject ?? "",
    from: parsed.from?.text ?? "",
    to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : (parsed.to?.text ?? ""),
    date: parsed.date?.toISOString() ?? null,
    messageId: parsed.messageId ?? null,
    language: header("content-language"),
    listUnsubscribe: parsed.headers.has("list-unsubscribe")
      ? (raw.toString("utf8").match(/^List-Unsubscribe: (.*)$/im)?.[1] ?? null)
      : null,
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
  };
}

export function createMailCatcher(options: { dir?: string; onStored?: (id: string) => void } = {}) {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    banner: "Puente mail catcher (development)",
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", () => {});
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const id = randomUUID();
        void simpleParser(raw)
          .then((parsed) =>
            storeMessage(
              {
                id,
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
                subject: parsed.subject ?? "",
                date: new Date().toISOString(),
                size: raw.length,
              },
              raw,
              mailboxView(parsed, raw),
              options.dir,
            ),
          )
          .then(() => {
            options.onStored?.(id);
            callback(null, `OK: caught ${id}`);
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
}

const isMain =
  import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("mail-catcher.ts");
if (isMain && process.argv[2] === "read") {
  const id = process.argv[3];
  if (id) {
    const m = await readMailboxMessage(id);
    if (!m) {
      console.error(`No message ${id} in ${mailDir()}`);
      process.exit(1);
    }
    console.log(`From: ${m.from}\nTo: ${m.to}\nDate: ${m.date ?? ""}\nSubject: ${m.subject}\n\n${m.text}`);
  } else {
    const { total, entries } = await listMailbox(1, 20);
    if (!total) console.log(`No mail caught yet in ${mailDir()}`);
    for (const e of entries) console.log(`${e.id}  ${e.date.slice(0, 19)}  ${e.to.join(", ")}  ${e.subject}`);
    if (total) console.log(`\n${total} caught; \`npm run mail -- <id>\` prints one.`);
  }
} else if (isMain) {
  const server = createMailCatcher({ onStored: (id) => console.log(`caught ${id}`) });
  server.on("error", (error) => console.error(`mail catcher: ${error.message}`));
  server.listen(port, host, () => {
    console.log(`mail catcher listening on smtp://${host}:${port}, storing in ${mailDir()}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
