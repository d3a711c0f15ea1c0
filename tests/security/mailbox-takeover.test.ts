// Issue 15, "account takeover through the development mailbox": signed out, request a password reset for
// any member, read the link in the mailbox, set a new password. The sequence must fail in every mode the
// README documents:
//   - development (`npm run dev`: DEV_MAILBOX on, NODE_ENV development) — in-process here, the same routes;
//   - the production server (`npm start`, build/web.js) — refuses DEV_MAILBOX, listens on loopback;
//   - the quick start (`bash scripts/start.sh` = scripts/run-all.mjs on the compiled build, with the worker
//     and the mail catcher) — the reset email really is sent and caught, and nothing serves it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/features/auth/services/password.server";
import { createUserToken } from "~/features/auth/services/tokens.server";
import { storeMessage } from "~/features/email/services/mailbox.server";
import { db } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";
import { send } from "../support/app";
import { createUser } from "../support/factories";
import { freePort, waitFor } from "../support/processes";
import { createTestSession } from "../support/sessions";

// Development mode, as `npm run dev` sets it (the in-process app reads its environment on first use).
const mailDir = mkdtempSync(path.join(tmpdir(), "puente-takeover-"));
process.env.DEV_MAILBOX = "true";
process.env.MAIL_CATCHER_DIR = mailDir;

const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid!, "SIGKILL"); // run-all's whole process group
    } catch {
      child.kill("SIGKILL");
    }
    await exited;
  }
  rmSync(mailDir, { recursive: true, force: true });
});

/** A non-loopback IPv4 address of this machine (where a neighbour on the network would connect). */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

function reachable(host: string, port: number) {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const passphrase = "the victim's own long passphrase";

/** What a signed-out client gets from every mailbox address: never a message, never a reset link. */
async function expectMailboxClosed(base: string | null, messageId: string) {
  for (const p of [
    "/dev/mailbox",
    "/dev/mailbox.data",
    `/dev/mailbox/${messageId}`,
    `/dev/mailbox/${messageId}.data`,
  ]) {
    const res = base
      ? await fetch(`${base}${p}`).then(async (r) => ({ status: r.status, body: await r.text() }))
      : await send(p);
    // An error page keeps the site's header, whose language switch sends the reader back to the address
    // they asked for: that echo of the request is not the message. Nothing else may carry its id.
    const body = res.body.replaceAll(`name="redirectTo" value="${p}"`, "");
    expect(res.status, p).toBe(404);
    expect(body, p).not.toContain("/reset-password/");
    expect(body, p).not.toContain(messageId);
  }
}

describe("development mode (DEV_MAILBOX on)", () => {
  it("signed out, the takeover fails at the mailbox: no link to it, no page, no data", async () => {
    const victim = await createUser({ passwordHash: await hashPassword(passphrase) });
    // The attacker's first look: no public page links to a mailbox.
    for (const p of ["/", "/login", "/forgot-password", "/.data"]) {
      const res = await send(p);
      expect(res.body, p).not.toContain("/dev/mailbox");
    }
    // The reset request itself must work for everyone (a member who forgot their password)…
    const requested = await send("/forgot-password", { form: { email: victim.email } });
    expect(requested.status).toBe(302);
    // …and the catcher holds the link, as it does once the worker has sent the email.
    const { token } = await db().$transaction((tx) =>
      createUserToken(tx, { userId: victim.id, purpose: "password_reset" }),
    );
    const id = "takeover-dev-0001";
    const text = `Reset your password: ${appUrl(`/reset-password/${token}`)}`;
    await storeMessage(
      {
        id,
        from: "no-reply@puente.test",
        to: [victim.email],
        subject: "Reset",
        date: new Date().toISOString(),
        size: 1,
      },
      Buffer.from(text),
      {
        subject: "Reset",
        from: "no-reply@puente.test",
        to: victim.email,
        date: null,
        messageId: null,
        language: "en",
        listUnsubscribe: null,
        text,
        html: "",
      },
      mailDir,
    );
    // Caught mail is readable by this system user only.
    expect(statSync(path.join(mailDir, `${id}.json`)).mode & 0o077).toBe(0);
    expect(statSync(mailDir).mode & 0o077).toBe(0);

    // The step that gave the probe the link: closed to a signed-out client.
    await expectMailboxClosed(null, id);
    // So the password stays the victim's.
    const row = await db().user.findUniqueOrThrow({ where: { id: victim.id } });
    const { verifyPassword } = await import("~/features/auth/services/password.server");
    expect(await verifyPassword(row.passwordHash, passphrase)).toBe(true);

    // The mailbox does work in development, for a signed-in developer (so the checks above are real).
    const developer = await createUser();
    const { cookie } = await createTestSession(developer.id);
    const home = await send("/", { cookie });
    expect(home.body).toContain('href="/dev/mailbox"');
    const list = await send("/dev/mailbox", { cookie });
    expect(list.status).toBe(200);
    expect(list.body).toContain(`/dev/mailbox/${id}`);
    const one = await send(`/dev/mailbox/${id}`, { cookie });
    expect(one.body).toContain(`/reset-password/${token}`);
  });
});

describe("the production server (npm start)", () => {
  const production = {
    NODE_ENV: "production",
    SESSION_SECRET: "mailbox-takeover-test-secret-0123456789abcdef",
    LOG_LEVEL: "warn",
    HOST: "",
    METRICS_PORT: "",
  };

  it("refuses to start with DEV_MAILBOX=true, saying why", async () => {
    const port = await freePort();
    let err = "";
    const child = spawn(process.execPath, ["build/web.js"], {
      env: { ...process.env, ...production, PORT: String(port), DEV_MAILBOX: "true" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(child);
    child.stderr!.on("data", (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/DEV_MAILBOX: .*never runs with NODE_ENV=production/);
    expect(await reachable("127.0.0.1", port)).toBe(false);
  }, 60_000);

  it("listens on loopback only unless HOST says otherwise, and has no mailbox", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["build/web.js"], {
      env: {
        ...process.env,
        ...production,
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        DEV_MAILBOX: "",
      },
      stdio: "ignore",
    });
    children.push(child);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000);
    if (outsideAddress) expect(await reachable(outsideAddress, port)).toBe(false);
    await expectMailboxClosed(`http://127.0.0.1:${port}`, "takeover-prod-0001");
  }, 90_000);
});

describe("the quick start (scripts/run-all.mjs on the compiled build, worker and mail catcher)", () => {
  it("the reset email is sent and caught, and no signed-out client can read it", async () => {
    const victim = await createUser({ passwordHash: await hashPassword(passphrase) });
    const [port, smtpPort] = [await freePort(), await freePort()];
    const catcherDir = mkdtempSync(path.join(tmpdir(), "puente-quickstart-mail-"));
    let out = "";
    // The environment an older .env (DEV_MAILBOX=true) gives the quick start; whatever the developer's
    // .env says otherwise is overridden here (run-all loads .env without replacing what is set).
    const child = spawn(process.execPath, ["scripts/run-all.mjs"], {
      env: {
        ...process.env,
        DEV_MAILBOX: "true",
        HOST: "",
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_CATCHER_PORT: String(smtpPort),
        MAIL_CATCHER_DIR: catcherDir,
        SESSION_SECRET: "quick-start-takeover-secret-0123456789abcdef",
        METRICS_PORT: "",
        WORKER_METRICS_PORT: "",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    children.push(child);
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(async () => (await fetch(`${base}/healthz`)).ok, 60_000);
      if (outsideAddress) {
        expect(await reachable(outsideAddress, port)).toBe(false);
        expect(await reachable(outsideAddress, smtpPort)).toBe(false);
      }
      // Signed out: the reset request is accepted, as it must be…
      const requested = await fetch(`${base}/forgot-password`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: victim.email }),
      });
      expect(requested.status).toBe(302);
      // …the worker sends the email and the catcher stores it (with the link)…
      const caught = await waitFor(() => {
        const index = readdirSync(catcherDir).includes("index.jsonl")
          ? readFileSync(path.join(catcherDir, "index.jsonl"), "utf8")
          : "";
        const line = index.split("\n").find((l) => l.includes(victim.email));
        return line ? (JSON.parse(line) as { id: string }) : undefined;
      }, 45_000);
      const stored = readFileSync(path.join(catcherDir, `${caught.id}.json`), "utf8");
      expect(stored).toContain("/reset-password/");
      expect(statSync(path.join(catcherDir, `${caught.id}.eml`)).mode & 0o077).toBe(0);
      // …and nothing serves it: the mailbox step fails.
      await expectMailboxClosed(base, caught.id);
      expect(out).not.toContain("/reset-password/");
      expect(out).toContain("npm run mail");
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- run-all output ---\n${out}`);
    } finally {
      rmSync(catcherDir, { recursive: true, force: true });
    }
    const row = await db().user.findUniqueOrThrow({ where: { id: victim.id } });
    const { verifyPassword } = await import("~/features/auth/services/password.server");
    expect(await verifyPassword(row.passwordHash, passphrase)).toBe(true);
  }, 150_000);
});
