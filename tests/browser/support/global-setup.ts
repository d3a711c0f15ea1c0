// Starts Puente for the browser journeys: a fresh database cloned from the migrated template plus the demo
// seed, its own Redis prefix, the production build of the web app, the worker and an SMTP catcher on
// loopback. Returns the teardown that stops them and drops the database.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { seed } from "../../../prisma/seed";
import { createDatabaseFromTemplate, databaseUrl, dropDatabase, ensureTemplate } from "../../support/test-db";
import { waitFor } from "../../support/processes";
import { generateMasterKeyEntry } from "../../../app/utils/crypto/master-keys";
import { SESSIONS_DIR } from "./session";

export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 3125);
  // Never test against a server left behind by an interrupted run: the port must be free.
  const stale = await fetch(`http://localhost:${port}/healthz`).then(
    () => true,
    () => false,
  );
  if (stale) throw new Error(`Port ${port} is already in use (a leftover server?). Stop it or set E2E_PORT.`);
  await ensureTemplate();
  const name = await createDatabaseFromTemplate("puente_test_e2e");
  const url = databaseUrl(name);
  await seed(url);
  const mailDir = path.resolve("tests/artifacts/mail");
  rmSync(mailDir, { recursive: true, force: true });
  // The demo users' sessions of the last run belong to its dropped database.
  rmSync(SESSIONS_DIR, { recursive: true, force: true });
  mkdirSync(mailDir, { recursive: true });

  const env = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    REDIS_PREFIX: `test-${name}`,
    APP_URL: `http://localhost:${port}`,
    PORT: String(port),
    SESSION_SECRET: "e2e-session-secret-0123456789-abcdefghijklmnop",
    ENCRYPTION_KEYS: generateMasterKeyEntry(),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_CATCHER_PORT: String(smtpPort),
    MAIL_CATCHER_DIR: mailDir,
    LOG_LEVEL: "warn",
  };
  const children: ChildProcess[] = [];
  // The compiled processes, as production runs them (the test script builds first): nothing to compile
  // at start, so the stack is ready sooner than with the worker run from source through tsx.
  const start = (script: string) => {
    const child = spawn(process.execPath, [script], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    return child;
  };
  // If Playwright itself dies, take the app down with it rather than leave orphans behind.
  process.once("exit", () => children.forEach((c) => c.kill("SIGKILL")));
  start("build/mail-catcher.js");
  start("build/worker.js");
  start("build/web.js");
  // Two minutes: the machine may be shared and loaded.
  await waitFor(async () => (await fetch(`http://localhost:${port}/healthz`)).ok, 120_000, 200);

  process.env.E2E_DATABASE_URL = url;
  process.env.E2E_MAIL_DIR = mailDir;
  return async () => {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))),
    );
    await dropDatabase(name);
  };
}
