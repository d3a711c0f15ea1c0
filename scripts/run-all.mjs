// Runs Puente's processes together (web, worker, mail catcher), prefixes their output, and stops them all
// when one exits or on Ctrl-C. By default they are the compiled ones (`npm run build` first), started with
// plain node; `--dev` runs them from source through tsx, the web server with Vite's HMR.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
const dev = process.argv.includes("--dev");
const env = { ...process.env };
// The development mailbox (every email sent, reset links included) only in development, where the
// web server listens on loopback and shows it to signed-in users; the compiled server is production and
// refuses it (issue 15). The quick start's mail is read with `npm run mail`.
if (dev) env.DEV_MAILBOX ??= "true";
else if (["true", "1"].includes(env.DEV_MAILBOX ?? "")) {
  console.log("DEV_MAILBOX is ignored by the production build (read caught mail with `npm run mail`).");
  delete env.DEV_MAILBOX;
}
const run = (compiled, source) => (dev ? ["--import", "tsx", source] : ["--enable-source-maps", compiled]);
if (!dev && !existsSync("build/web.js")) {
  console.error("No production build: run `npm run build` first (or `npm run dev`).");
  process.exit(1);
}
const processes = [
  {
    name: "web",
    // Same flags as `npm start` (a larger young generation: see README, "Running several processes").
    args: [...(dev ? [] : ["--max-semi-space-size=64"]), ...run("build/web.js", "server.ts")],
    env: { NODE_ENV: dev ? "development" : "production" },
  },
  { name: "worker", args: run("build/worker.js", "workers/index.ts"), env: {} },
];
// The local mail catcher (a development tool) when SMTP_URL points at its address.
if (
  existsSync("scripts/mail-catcher.ts") &&
  (env.SMTP_URL ?? "smtp://127.0.0.1:1025").includes(`127.0.0.1:${env.MAIL_CATCHER_PORT ?? 1025}`)
) {
  processes.push({ name: "mail", args: run("build/mail-catcher.js", "scripts/mail-catcher.ts"), env: {} });
}

const children = [];
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 30_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on("exit", r))))).then(
    () => process.exit(code),
  );
}
for (const p of processes) {
  const child = spawn(process.execPath, p.args, {
    env: { ...env, ...p.env, PUENTE_PROCESS: p.name },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${p.name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(prefix + line + "\n");
    });
  }
  child.on("exit", (code) => {
    if (!stopping) {
      console.log(`${prefix}exited with ${code}; stopping the others`);
      stopAll(code ?? 1);
    }
  });
  children.push(child);
}
console.log(
  `Puente is starting on ${env.APP_URL ?? "http://localhost:3000"} (${dev ? "development" : "production"} build). Ctrl-C stops it.`,
);
if (processes.some((p) => p.name === "mail"))
  console.log(
    dev && env.DEV_MAILBOX === "true"
      ? "Caught mail: /dev/mailbox once signed in, or `npm run mail`."
      : "Caught mail: `npm run mail` (in another terminal).",
  );
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
