// Reading what the SMTP catcher (scripts/mail-catcher.ts) stored for the browser journeys: index.jsonl plus
// one .eml per message in MAIL_CATCHER_DIR (tests/artifacts/mail).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";

type Entry = { id: string; to: string[]; subject: string; date: string };

function mailDir() {
  return process.env.E2E_MAIL_DIR ?? path.resolve("tests/artifacts/mail");
}

async function entries(): Promise<Entry[]> {
  try {
    return (await readFile(path.join(mailDir(), "index.jsonl"), "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Entry);
  } catch {
    return [];
  }
}

/** Waits (bounded) for a message to `to` whose subject matches, and returns its subject, text and links. */
export async function waitForMail(to: string, subject: RegExp = /./, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await entries()).filter((e) => e.to.includes(to) && subject.test(e.subject)).at(-1);
    if (found) {
      const parsed = await simpleParser(await readFile(path.join(mailDir(), `${found.id}.eml`)));
      const text = parsed.text ?? "";
      const html = typeof parsed.html === "string" ? parsed.html : "";
      const links = [
        ...new Set(
          [...`${text}\n${html}`.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0].replace(/&amp;/g, "&")),
        ),
      ];
      return { id: found.id, subject: found.subject, text, html, links };
    }
    if (Date.now() > deadline)
      throw new Error(`no email to ${to} matching ${subject} within ${timeoutMs} ms`);
    // Reading the small index is cheap: look often, so a journey goes on as soon as the message is there.
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The path (and query) of the first link in a message matching a pattern. */
export function linkPath(links: string[], pattern: RegExp) {
  const link = links.find((l) => pattern.test(l));
  if (!link) throw new Error(`no link matching ${pattern} in ${links.join(", ")}`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}
