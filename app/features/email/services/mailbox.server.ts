// The development mailbox: what scripts/mail-catcher.ts caught, read from var/mail (one .eml per
// message plus index.jsonl). Only reachable when DEV_MAILBOX is on (never in production).
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { env } from "~/utils/env.server";
import { notFound } from "~/utils/http.server";

export function mailDir() {
  return process.env.MAIL_CATCHER_DIR || path.resolve("var/mail");
}

export type MailboxEntry = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  size: number;
};

const ID = /^[a-z0-9-]{8,64}$/;

export async function storeMessage(entry: MailboxEntry, raw: Buffer, dir = mailDir()) {
  if (!ID.test(entry.id)) throw new Error("bad message id");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${entry.id}.eml`), raw);
  await appendFile(path.join(dir, "index.jsonl"), `${JSON.stringify(entry)}\n`);
}

export async function listMailbox(page: number, pageSize = 50, dir = mailDir()) {
  let lines: string[] = [];
  try {
    lines = (await readFile(path.join(dir, "index.jsonl"), "utf8")).split("\n").filter(Boolean);
  } catch {
    lines = [];
  }
  const entries: MailboxEntry[] = [];
  for (const line of lines) {
    try {
      entries.push(JSON.parse(line) as MailboxEntry);
    } catch {
      // a torn last line while the catcher writes: skip it
    }
  }
  entries.reverse();
  return { total: entries.length, entries: entries.slice((page - 1) * pageSize, page * pageSize) };
}

export async function readMailboxMessage(id: string, dir = mailDir()) {
  if (!ID.test(id)) return null;
  let raw: Buffer;
  try {
    raw = await readFile(path.join(dir, `${id}.eml`));
  } catch {
    return null;
  }
  const parsed = await simpleParser(raw);
  const header = (name: string) => {
    const value = parsed.headers.get(name);
    return typeof value === "string" ? value : value ? JSON.stringify(value) : null;
  };
  return {
    id,
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

/**
 * The mailbox page exists only where DEV_MAILBOX=true (the local quick start and development), which a
 * production deployment never sets; elsewhere it is a plain 404.
 */
export function requireDevMailbox() {
  if (!env().DEV_MAILBOX) throw notFound();
}
