// A real SMTP server on loopback for tests (smtp-server), collecting what it accepts parsed with
// mailparser. It can be told to refuse service for a while (421 on connect and on MAIL FROM — a
// temporary failure), to reject some recipients (550 on RCPT — a permanent one), to slow down, and to
// drop the connection after a message's end of data, before answering (the sender cannot know whether
// the message was taken: "outcome unknown").
// A message whose client went away before the end of DATA is not collected: the server never
// accepted it. Usage:
//   const smtp = await startSmtpServer(); process.env.SMTP_URL = smtp.url; …; await smtp.close();
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CaughtMessage = {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** The header value, as sent (mailparser turns some headers into objects). */
  header(name: string): string | undefined;
  receivedAt: number;
};

export type TestSmtpServer = {
  port: number;
  url: string;
  messages: CaughtMessage[];
  /** Messages accepted so far (parsing may lag a little behind). */
  accepted(): number;
  waitFor(count: number, timeoutMs?: number): Promise<CaughtMessage[]>;
  /** Refuse service (421) until `ms` from now; `refuse(0)` stops refusing. */
  refuse(ms: number): void;
  rejectRecipients(predicate: ((address: string) => boolean) | null): void;
  setDelay(ms: number): void;
  /** The next `count` messages are read whole, then their connection is dropped without an answer. */
  dropAfterData(count: number): void;
  /** Messages whose connection was dropped after their end of data (never answered). */
  dropped: CaughtMessage[];
  clear(): void;
  close(): Promise<void>;
};

function smtpError(message: string, responseCode: number) {
  return Object.assign(new Error(message), { responseCode });
}

export async function startSmtpServer(options: { parse?: boolean } = {}): Promise<TestSmtpServer> {
  const parse = options.parse ?? true;
  const messages: CaughtMessage[] = [];
  const parsing: Array<Promise<void>> = [];
  let acceptedCount = 0;
  let refuseUntil = 0;
  let reject: ((address: string) => boolean) | null = null;
  let delay = 0;
  let toDrop = 0;
  const dropped: CaughtMessage[] = [];
  const refusing = () => Date.now() < refuseUntil;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    banner: "test",
    size: 10 * 1024 * 1024,
    onConnect(_session, callback) {
      if (refusing()) return callback(smtpError("Service not available, try again later", 421));
      callback();
    },
    onMailFrom(_address, _session, callback) {
      if (refusing()) return callback(smtpError("Service not available, try again later", 421));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (reject?.(address.address)) return callback(smtpError("No such user here", 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", () => {});
      stream.on("end", () => {
        if (toDrop > 0) {
          toDrop--;
          const raw = Buffer.concat(chunks);
          dropped.push({
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            raw,
            parsed: undefined as unknown as ParsedMail,
            header: headerOf(raw),
            receivedAt: Date.now(),
          });
          const connections = (
            server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
          ).connections;
          for (const c of connections) if (c.id === session.id) c._socket.destroy();
          return;
        }
        const finish = () => {
          acceptedCount++;
          const raw = Buffer.concat(chunks);
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          };
          if (parse) {
            parsing.push(
              simpleParser(raw).then((parsed) => {
                messages.push({ envelope, raw, parsed, header: headerOf(raw), receivedAt: Date.now() });
              }),
            );
          } else {
            messages.push({
              envelope,
              raw,
              parsed: undefined as unknown as ParsedMail,
              header: headerOf(raw),
              receivedAt: Date.now(),
            });
          }
          callback(null, "OK: queued");
        };
        if (delay) setTimeout(finish, delay);
        else finish();
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    accepted: () => acceptedCount,
    async waitFor(count, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (acceptedCount < count || messages.length < acceptedCount) {
        if (Date.now() > until)
          throw new Error(`SMTP test server: ${acceptedCount} of ${count} messages after ${timeoutMs} ms`);
        await Promise.all(parsing);
        await new Promise((r) => setTimeout(r, 20));
      }
      await Promise.all(parsing);
      return messages;
    },
    refuse(ms) {
      refuseUntil = ms > 0 ? Date.now() + ms : 0;
    },
    rejectRecipients(predicate) {
      reject = predicate;
    },
    setDelay(ms) {
      delay = ms;
    },
    dropAfterData(count) {
      toDrop = count;
    },
    dropped,
    clear() {
      messages.length = 0;
      acceptedCount = 0;
    },
    async close() {
      await Promise.all(parsing);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads one header from the raw message (unfolded), as the recipient's client would. */
function headerOf(raw: Buffer) {
  const end = raw.indexOf("\r\n\r\n");
  const head = raw
    .subarray(0, end < 0 ? raw.length : end)
    .toString("utf8")
    .replace(/\r\n[ \t]+/g, " ");
  const lines = head.split("\r\n");
  return (name: string) => {
    const prefix = `${name.toLowerCase()}:`;
    const line = lines.find((l) => l.toLowerCase().startsWith(prefix));
    return line?.slice(prefix.length).trim();
  };
}
