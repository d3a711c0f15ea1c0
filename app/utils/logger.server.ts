// Structured JSON logs. Personal data and secrets never belong in a log line: the redaction list
// below is a safety net, the rule is to log ids, never content.
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
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: process.env.PUENTE_PROCESS ?? "web" },
  redact: { paths: redact, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
