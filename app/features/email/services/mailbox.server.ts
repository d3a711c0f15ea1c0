// The development mailbox: what scripts/mail-catcher.ts caught, read from var/mail (one .eml per
// message, its parsed view as .json, plus index.jsonl). Only reachable when DEV_MAILBOX is on (never in
// production). The catcher parses each message as it arrives, so the web process never needs a MIME
// parser (mailparser is a development dependency).
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { setting } from "~/utils/env-schema";

export function mailDir() {
  return path.resolve(setting("MAIL_CATCHER_DIR"));
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

/** A caught message as the mailbox page shows it (parsed by the catcher). */
export type MailboxMessage = {
  id: string;
  subject: string;
  from: string;
  to: string;
  date: string | null;
  messageId: string | null;
  language: string | null;
  listUnsubscribe: string | null;
  text: string;
  html: string;
};

export async function storeMessage(
  entry: MailboxEntry,
  raw: Buffer,
  message: Omit<MailboxMessage, "id">,
  dir = mailDir(),
) {
  if (!ID.test(entry.id)) throw new Error("bad message id");
  // Only this system user reads caught mail (it holds reset and invitation links).
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, `${entry.id}.eml`), raw, { mode: 0o600 });
  await writeFile(path.join(dir, `${entry.id}.json`), JSON.stringify({ ...message, id: entry.id }), {
    mode: 0o600,
  });
  await appendFile(path.join(dir, "index.jsonl"), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
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

export async function readMailboxMessage(id: string, dir = mailDir()): Promise<MailboxMessage | null> {
  if (!ID.test(id)) return null;
  try {
    return JSON.parse(await readFile(path.join(dir, `${id}.json`), "utf8")) as MailboxMessage;
  } catch {
    return null;
  }
}
