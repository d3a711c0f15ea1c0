// Structured JSON logs. Personal data and secrets never belong in a log line: the redaction list
// below is a safety net, the rule is to log ids, never content.
import { setting } from "~/utils/env-schema";
import { pino } from "pino";

const redact = [
  "password",
  "*.password",
  "token",
  "*.token",
  "email",
  "*.email",
  "details",
  "*.details",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "authorization",
  "*.authorization",
  "totpSecret",
  "*.totpSecret",
  // Document names can be confidential; they are never logged, this catches a mistake.
  "filename",
  "*.filename",
];

export const logger = pino({
  level: setting("LOG_LEVEL") ?? (setting("NODE_ENV") === "test" ? "silent" : "info"),
  // ESM hoists imports above an entry point's own code, so name the process from argv rather than env.
  base: { service: setting("PUENTE_PROCESS") ?? (/worker/.test(process.argv[1] ?? "") ? "worker" : "web") },
  redact: { paths: redact, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
