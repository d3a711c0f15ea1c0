// The one place Puente talks SMTP (only the worker and the scripts call it; the web app writes to the
// outbox). nodemailer with pooled connections to SMTP_URL — smtps:// for implicit TLS, smtp:// with
// STARTTLS when the server offers it, and nodemailer's URL options (?requireTLS=true, …) as configured.
//
// Exactly-once support: a send may carry a `commit` row. The message's end-of-data marker is held back
// until the row's messageId is written (see commit-marker.server.ts for the protocol and its window).
import { randomUUID } from "node:crypto";
import { Transform, Writable, type Readable } from "node:stream";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import type { SendMailOptions } from "nodemailer/lib/mailer";
import type { Locale } from "~/i18n/config";
import {
  AlreadyCommittedError,
  clearMarker,
  enterGate,
  reopenUnconfirmed,
  type MarkerTable,
} from "./commit-marker.server";
import { setting } from "~/utils/env-schema";

type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  locale: Locale;
  /** From `newMessageId()`. */
  messageId: string;
  /** Adds RFC 8058 one-click unsubscribe headers (digests and alerts). */
  unsubscribeUrl?: string;
  /** Files generated at send time (a call invitation's .ics); never confidential content. */
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
};

/**
 * permanent: the server refused the address or the message (5xx) — do not retry.
 * temporary: connection refused, timeout, 4xx, authentication — retry with backoff.
 * unknown: the message was committed to sending and may have arrived, but its row could not be reopened
 *          for another attempt (or the server took it and the commit marker failed): never sent again.
 *          (A connection lost after the end of data with the row reopened is "temporary": ADR 0011.)
 * duplicate: another worker already committed this row to sending — nothing was sent by this call.
 */
export type MailFailureKind = "permanent" | "temporary" | "unknown" | "duplicate";

export class MailSendError extends Error {
  constructor(
    readonly kind: MailFailureKind,
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = "MailSendError";
  }
}

type NodemailerError = Error & { code?: string; responseCode?: number; command?: string };

/** Classifies an SMTP error (only codes and the SMTP command: never the message or address). */
function classifySmtpError(error: unknown): MailFailureKind {
  const e = error as NodemailerError;
  const code = e?.responseCode;
  if (
    typeof code === "number" &&
    code >= 500 &&
    code < 600 &&
    (e.code === "EENVELOPE" || e.code === "EMESSAGE")
  ) {
    return "permanent";
  }
  return "temporary";
}

/** A short description for EmailMessage.lastError / DigestDelivery.lastError: codes, no addresses. */
function describeSmtpError(error: unknown): string {
  const e = error as NodemailerError;
  const parts = [e?.code, e?.responseCode, e?.command].filter(
    (x) => x !== undefined && x !== null && x !== "",
  );
  return parts.length ? parts.join(" ").slice(0, 200) : "send failed";
}

export function newMessageId(appUrl = setting("APP_URL")) {
  return `<${randomUUID()}@${new URL(appUrl).hostname}>`;
}

const COMMIT = "__puenteCommit";

type CommitHook = {
  table: MarkerTable;
  rowId: string;
  messageId: string;
  /** Set once COMMIT and the end-of-data marker were released. */
  fired?: Promise<void>;
  alreadyCommitted?: boolean;
};

/**
 * Holds the end of the message until the SMTP server has answered DATA (the stream starts flowing
 * only after "354") and the body is through; then the commit gate marks the row and releases COMMIT
 * and the end-of-data marker in the same synchronous turn.
 */
function gate(input: Readable, hook: CommitHook): Transform {
  let flowing!: () => void;
  const started = new Promise<void>((resolve) => (flowing = resolve));
  // Where the message goes: nodemailer's SMTP data stream, which writes the end-of-data marker to the
  // socket when it is ended.
  let destination: Writable | undefined;
  const stream = new Transform({
    transform(chunk, _encoding, callback) {
      callback(null, chunk);
    },
    flush(callback) {
      void started.then(() =>
        enterGate(hook.table, {
          rowId: hook.rowId,
          messageId: hook.messageId,
          release(committed) {
            hook.fired = committed;
            // Ending the data stream here writes the marker to the socket now, in the caller's turn
            // right after COMMIT. Ending only this stream would reach the data stream through a chain
            // of next ticks, hundreds of microseconds to milliseconds later under load: a SIGKILL in
            // that gap left committed rows whose message never ended (the crash drill lost 2-3 of
            // 1,000). Only when every byte of the body has left this stream; else the usual way.
            if (destination && stream.readableLength === 0 && !destination.writableEnded) destination.end();
            // This stream's own end after every member's marker (a microtask: after the gate's loop).
            queueMicrotask(() => callback());
          },
          abort(error) {
            if (error instanceof AlreadyCommittedError) hook.alreadyCommitted = true;
            callback(error);
          },
        }),
      );
    },
  });
  const pipe = stream.pipe.bind(stream);
  stream.pipe = <T extends NodeJS.WritableStream>(to: T, options?: { end?: boolean }) => {
    if (to instanceof Writable) destination = to;
    return pipe(to, options);
  };
  stream.once("resume", () => flowing());
  input.once("error", (error) => stream.destroy(error));
  return input.pipe(stream);
}

export type Mailer = {
  send(
    mail: OutgoingMail,
    options?: { commit?: { table: MarkerTable; rowId: string } },
  ): Promise<{ messageId: string; response: string }>;
  /** The underlying nodemailer transport (for the benchmark's raw baseline). */
  transport: Mail;
  from: string;
  close(): void;
};

function transportUrl(smtpUrl: string, options: { pool: boolean; maxConnections: number }) {
  const url = new URL(smtpUrl);
  const defaults: Record<string, string> = {
    connectionTimeout: "10000",
    greetingTimeout: "10000",
    socketTimeout: "60000",
  };
  if (options.pool) {
    defaults.pool = "true";
    defaults.maxConnections = String(options.maxConnections);
    defaults.maxMessages = "1000";
  }
  for (const [key, value] of Object.entries(defaults))
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  return url.toString();
}

export function createMailer(options: {
  smtpUrl: string;
  from: string;
  pool?: boolean;
  maxConnections?: number;
}): Mailer {
  const transport = nodemailer.createTransport(
    transportUrl(options.smtpUrl, {
      pool: options.pool ?? true,
      maxConnections: options.maxConnections ?? 5,
    }),
  );
  transport.use("stream", (mail, done) => {
    const hook = (mail.data as Record<string, unknown>)[COMMIT] as CommitHook | undefined;
    if (hook) mail.message.processFunc((input: Readable) => gate(input, hook));
    done();
  });

  // Sends beyond twice the pool's connections wait here: enough queued to keep every connection busy,
  // few enough that a crash leaves little half-done and the commit gate's batches stay small.
  const maxInFlight =
    setting("SMTP_IN_FLIGHT") ?? (options.maxConnections ?? setting("SMTP_MAX_CONNECTIONS")) * 2;
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  async function send(
    mail: OutgoingMail,
    sendOptions: { commit?: { table: MarkerTable; rowId: string } } = {},
  ) {
    if (inFlight >= maxInFlight) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight--;
      waiting.shift()?.();
    };
    try {
      // The slot is given back as soon as the SMTP server has answered, before the COMMIT's
      // fsync is awaited, so the connection goes on to the next message meanwhile.
      return await sendNow(mail, sendOptions, release);
    } finally {
      release();
    }
  }

  async function sendNow(
    mail: OutgoingMail,
    sendOptions: { commit?: { table: MarkerTable; rowId: string } },
    smtpDone: () => void,
  ) {
    const commit = sendOptions.commit;
    const hook: CommitHook | undefined = commit
      ? { table: commit.table, rowId: commit.rowId, messageId: mail.messageId }
      : undefined;
    const headers: Record<string, string> = {
      "Content-Language": mail.locale,
      "Auto-Submitted": "auto-generated",
    };
    if (mail.unsubscribeUrl) {
      headers["List-Unsubscribe"] = `<${mail.unsubscribeUrl}>`;
      headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }
    try {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers,
        attachments: mail.attachments,
        [COMMIT]: hook,
      } as SendMailOptions);
      smtpDone();
      if (hook?.fired) {
        // The message was accepted but its marker did not commit (the database failed at that very
        // moment): report "unknown" so the caller records it as sent instead of sending it again.
        await hook.fired.catch((error: Error) => {
          throw new MailSendError("unknown", `sent, but the commit marker failed: ${error.message}`);
        });
      }
      return { messageId: mail.messageId, response: String(info.response ?? "") };
    } catch (error) {
      if (error instanceof MailSendError) throw error;
      if (hook?.alreadyCommitted) throw new MailSendError("duplicate", "already committed by another worker");
      const e = error as NodemailerError;
      if (hook?.fired && commit) {
        await hook.fired.catch(() => {});
        if (typeof e.responseCode === "number") {
          // The server answered the end of data with a refusal: nothing was accepted; undo the marker.
          await clearMarker(commit.table, commit.rowId, mail.messageId);
          throw new MailSendError(classifySmtpError(e), describeSmtpError(e), e.responseCode);
        }
        // No answer to the end of data: the server may or may not have taken it. Send it again later
        // with the same Message-ID (ADR 0011), as a temporary failure; if the row cannot be reopened
        // (the database failing too), it stays committed and counts as sent.
        const reopened = await reopenUnconfirmed(commit.table, commit.rowId, mail.messageId).catch(
          () => false,
        );
        if (reopened)
          throw new MailSendError(
            "temporary",
            `outcome unknown (${describeSmtpError(e)}): to be sent again with the same Message-ID`,
          );
        throw new MailSendError("unknown", `outcome unknown: ${describeSmtpError(e)}`);
      }
      throw new MailSendError(classifySmtpError(e), describeSmtpError(e), e.responseCode);
    }
  }

  return { send, transport, from: options.from, close: () => transport.close() };
}

const globalForMailer = globalThis as unknown as { __puenteMailer?: { key: string; mailer: Mailer } };

/** The process-wide mailer, from SMTP_URL and MAIL_FROM. */
export function mailer(): Mailer {
  const smtpUrl = setting("SMTP_URL");
  const from = setting("MAIL_FROM");
  const key = `${smtpUrl}|${from}`;
  const current = globalForMailer.__puenteMailer;
  if (current?.key === key) return current.mailer;
  current?.mailer.close();
  const created = createMailer({
    smtpUrl,
    from,
    maxConnections: setting("SMTP_MAX_CONNECTIONS"),
  });
  globalForMailer.__puenteMailer = { key, mailer: created };
  return created;
}

export function closeMailer() {
  globalForMailer.__puenteMailer?.mailer.close();
  globalForMailer.__puenteMailer = undefined;
}
