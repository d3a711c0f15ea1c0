// Runs Puente's processes together (web, worker, mail catcher), prefixes their output, and stops them all
// when one exits or on Ctrl-C. `--dev` runs the web server with Vite's HMR instead of the production build.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
const dev = process.argv.includes("--dev");
const env = { ...process.env, DEV_MAILBOX: process.env.DEV_MAILBOX ?? "true" };
const tsx = ["--import", "tsx"];
const processes = [
  {
    name: "web",
    // Same flags as `npm start` (a larger young generation: see README, "Running several processes").
    args: [...(dev ? [] : ["--max-semi-space-size=64"]), ...tsx, "server.ts"],
    env: { NODE_ENV: dev ? "development" : "production" },
  },
  { name: "worker", args: [...tsx, "workers/index.ts"], env: {} },
];
if (
  existsSync("scripts/mail-catcher.ts") &&
  (env.SMTP_URL ?? "smtp://127.0.0.1:1025").includes("127.0.0.1:1025")
) {
  processes.push({ name: "mail", args: [...tsx, "scripts/mail-catcher.ts"], env: {} });
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
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
