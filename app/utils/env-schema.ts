// Environment validation, one Zod schema per process (web, worker). A bad or missing value stops the
// process with one message naming every offending variable, instead of failing later in some request.
import { z } from "zod";
import { MasterKeyError, parseMasterKeys, type MasterKeys } from "./crypto/master-keys";

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(" or ")}//`,
  );

const boolish = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((v) => v === "true" || v === "1");

export const sharedEnvSchema = z.object({
  /** Signs sessions, unsubscribe links and call links (web and worker must agree). */
  SESSION_SECRET: z
    .string()
    .min(32, "must be at least 32 characters")
    .default("dev-only-session-secret-change-me-please-0123456789"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: url(["postgres:", "postgresql:"]).default("postgresql://postgres@127.0.0.1:5432/puente"),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379/0"),
  /**
   * Namespace for every Redis key (queues, rate limits) so several deployments or test runs can share one
   * Redis. On Redis Cluster use BullMQ's hash-tag form, `{puente}` (optionally followed by more, e.g.
   * `{puente}:eu`): every key then hashes to the tag's one slot, which BullMQ's multi-key scripts need.
   */
  REDIS_PREFIX: z
    .string()
    .regex(
      /^(?:[a-z0-9:_-]+|\{[a-z0-9:_-]+\}[a-z0-9:_-]*)$/i,
      "letters, digits, ':', '_' and '-', optionally starting with one {hash-tag}",
    )
    .default("puente"),
  APP_URL: url(["http:", "https:"]).default("http://localhost:3000"),
  SMTP_URL: url(["smtp:", "smtps:"]).default("smtp://127.0.0.1:1025"),
  MAIL_FROM: z.string().min(3).default("Puente <no-reply@puente.local>"),
  /** Where an organisation awaiting verification writes to the secretariat (shown on its home page). */
  SECRETARIAT_CONTACT_EMAIL: z.string().email().default("secretariat@puente.local"),
  MEILI_URL: url(["http:", "https:"])
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MEILI_KEY: z.string().optional(),
  /** Log level (info; silent when NODE_ENV is test). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  /** Which process this is (set by server.ts and workers/index.ts before anything logs); names log lines. */
  PUENTE_PROCESS: z.enum(["web", "worker"]).optional(),
  /** Set by the test runner (Vitest): caches that would hide a test's own writes are off. */
  VITEST: z.string().optional(),
  /** Where the development mail catcher (scripts/mail-catcher.ts) keeps messages for the dev mailbox. */
  MAIL_CATCHER_DIR: z.string().min(1).default("var/mail"),
  /** Messages handed to SMTP at once, per process (default: twice SMTP_MAX_CONNECTIONS). */
  SMTP_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).optional(),
  /** SMTP connections the mailer keeps open, per process. */
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
  /**
   * Master keys for encryption at rest (ADR 0008): `id:base64(32 bytes)` entries separated by commas, the
   * first wrapping new data keys. Required in production; setup writes one into .env.
   */
  ENCRYPTION_KEYS: z
    .string()
    .optional()
    .transform((raw, ctx): MasterKeys | undefined => {
      if (raw === undefined) return undefined;
      try {
        return parseMasterKeys(raw);
      } catch (error) {
        if (!(error instanceof MasterKeyError)) throw error;
        ctx.addIssue({ code: "custom", message: error.message });
        return z.NEVER;
      }
    }),
  /**
   * Days after a need and its last engagement close before its confidential text and documents are
   * destroyed (the coalition may ask for it earlier). Read by the worker's retention job and the need page.
   */
  CONFIDENTIAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** When the worker looks for needs whose confidential material is due (daily by default). */
  CONFIDENTIAL_RETENTION_CRON: z.string().default("23 3 * * *"),
  // ── Connections (README: "Connection budget" and "What each store may lose") ──
  /** PostgreSQL connections of Prisma's pool, per process. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL connections of the `pg` pool for hot reads and search (app/utils/sql.server.ts), per process. */
  DATABASE_READ_POOL_MAX: z.coerce.number().int().min(1).max(200).default(6),
  /** How long to wait for a PostgreSQL connection (a new one, or a free one from a full pool). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(3_000),
  /**
   * Client side: a statement without an answer for this long fails and its connection is dropped (what
   * frees a pool from connections a silent network loss left hanging). 0: never.
   */
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Server side (`statement_timeout`, sent at connection start; 0: not sent): PostgreSQL cancels longer statements. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(25_000),
  /**
   * Server side (`idle_in_transaction_session_timeout`; 0: not sent): PostgreSQL ends a session whose
   * client went silent inside a transaction, releasing its locks (the outbox relay's rows, for one).
   */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** TCP keepalive on every PostgreSQL and Redis connection: idle time before the first probe. */
  TCP_KEEPALIVE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(10_000),
  /**
   * A Redis connection waiting this long for any reply is taken as dead: its socket is destroyed and
   * the client reconnects (BullMQ's blocking connections keep their own watchdog instead).
   */
  REDIS_SOCKET_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(10_000),
  /** Address the metrics ports listen on; loopback unless METRICS_TOKEN is set (docs/operations.md). */
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  /** When set, a metrics scrape must send `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

const port = z.coerce.number().int().min(1).max(65535);

export const webEnvSchema = sharedEnvSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Address the web server listens on: loopback unless set (a reverse proxy or load balancer on the same
   * host reaches it there). `0.0.0.0` or `::` listen on every interface.
   */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Trust X-Forwarded-For from this many proxies in front of the app (for rate limits and audit IPs). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /**
   * Shows the development mailbox page (every email sent, reset and invitation links included) to
   * signed-in users. Refused with NODE_ENV=production and on a HOST other than loopback.
   */
  DEV_MAILBOX: boolish,
  /** Web processes to run on this host (node:cluster shares the port); about one per CPU core in production. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** A call's guests keep access this many days after the call ends (unless its follow-up closes first). */
  CALL_GUEST_ACCESS_DAYS: z.coerce.number().int().min(0).max(365).default(14),
  /** Largest document a member may upload, in MiB; refused while it streams in, before it is read whole. */
  UPLOAD_MAX_FILE_MB: z.coerce.number().int().min(1).max(1024).default(20),
  /** Documents of one need together, in MiB. */
  UPLOAD_MAX_NEED_MB: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Memory-backed directory (tmpfs) where uploads are checked and stripped; plaintext never goes to disk. */
  UPLOAD_SCRATCH_DIR: z.string().startsWith("/").default("/dev/shm"),
  /** The mat2 command that removes metadata from uploads (Debian package `mat2`). */
  MAT2_BIN: z.string().min(1).default("mat2"),
  /** The web side's Redis commands (rate limits, readiness) fail after this long instead of waiting. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  /** Prometheus metrics of the web process(es) on this port (off when unset). */
  METRICS_PORT: port.optional(),
});

export const workerEnvSchema = sharedEnvSchema.extend({
  MATCH_REBALANCE_CRON: z.string().default("0 */6 * * *"),
  DIGEST_DAILY_CRON: z.string().default("0 7 * * *"),
  DIGEST_WEEKLY_CRON: z.string().default("0 7 * * 1"),
  STALL_CHECK_CRON: z.string().default("0 * * * *"),
  /** Call reminders (24 h and 1 h before) are looked for this often; every 5 minutes by default. */
  CALL_REMINDER_CRON: z.string().default("*/5 * * * *"),
  /** Reminders of actions due within 3 days or overdue: daily by default. */
  ACTION_REMINDER_CRON: z.string().default("0 8 * * *"),
  /** When organisations past their re-vetting date are looked for (one reminder each to the secretariat). */
  REVET_REMINDER_CRON: z.string().default("30 8 * * *"),
  /** The sweeper (workers/sweeper.ts): re-enqueues work PostgreSQL says is owed but no job in Redis carries. */
  SWEEP_CRON: z.string().default("*/5 * * * *"),
  /** Work is owed once it has waited this long without a live job (fresh work is the relay's business). */
  SWEEP_AFTER_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How often the worker checks that every schedule is still in Redis (re-registers it if not). */
  SCHEDULE_CHECK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  ENGAGEMENT_STALL_DAYS: z.coerce.number().int().min(1).max(365).default(21),
  PROPOSAL_EXPIRY_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).default(25_000),
  /** Digest recipients per `digest.recipient` job. */
  DIGEST_CHUNK_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Digests of one chunk rendered and sent at once. */
  DIGEST_PARALLEL: z.coerce.number().int().min(1).max(100).default(8),
  /** How long the mail commit marker waits to batch marks, in ms. */
  MAIL_COMMIT_BATCH_MS: z.coerce.number().int().min(0).max(1000).default(1),
  /** PostgreSQL connections of the mail commit-marker pool (email/services/commit-marker.server.ts). */
  MAIL_COMMIT_POOL_MAX: z.coerce.number().int().min(1).max(200).default(12),
  /** Retention (ADR 0013): days to keep done outbox rows, sent or refused emails, digest deliveries. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(2).max(3650).default(7),
  EMAIL_RETENTION_DAYS: z.coerce.number().int().min(7).max(3650).default(90),
  DIGEST_RETENTION_DAYS: z.coerce.number().int().min(35).max(3650).default(180),
  /** Prometheus metrics of the worker on this port (off when unset). */
  WORKER_METRICS_PORT: port.optional(),
});

/** What every PostgreSQL pool and Redis client reads when it is created (app/utils/connections.server.ts). */
export const connectionEnvSchema = webEnvSchema
  .pick({
    DATABASE_POOL_MAX: true,
    DATABASE_READ_POOL_MAX: true,
    DATABASE_CONNECT_TIMEOUT_MS: true,
    DATABASE_QUERY_TIMEOUT_MS: true,
    DATABASE_STATEMENT_TIMEOUT_MS: true,
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: true,
    TCP_KEEPALIVE_MS: true,
    REDIS_SOCKET_TIMEOUT_MS: true,
    REDIS_COMMAND_TIMEOUT_MS: true,
  })
  .extend({ MAIL_COMMIT_POOL_MAX: workerEnvSchema.shape.MAIL_COMMIT_POOL_MAX });

export type WebEnv = z.infer<typeof webEnvSchema>;
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export class EnvError extends Error {}

const everySetting = webEnvSchema.extend(workerEnvSchema.shape);
type Settings = z.infer<typeof everySetting>;

/**
 * One variable, read now and validated by its entry in the schema above (its one default applies):
 * for code that web and worker share, and whose tests change a variable while running. Entry points
 * still validate the whole environment once at start (env() in env.server.ts, the worker's loadEnvOrExit).
 * An invalid value throws EnvError naming the variable.
 */
export function setting<K extends keyof Settings>(key: K): Settings[K] {
  const raw = process.env[key];
  const result = everySetting.shape[key].safeParse(raw === "" ? undefined : raw);
  if (!result.success) {
    throw new EnvError(`Invalid environment configuration:\n  ${key}: ${result.error.issues[0]?.message}`);
  }
  return result.data as Settings[K];
}

/** 127.0.0.0/8, ::1 or localhost: reachable from this host only. */
function isLoopback(host: string) {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Parses the environment. In production the development defaults for secrets are refused, so a
 * deployment cannot run by accident with a published secret.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined> = process.env,
): z.infer<S> {
  // Empty strings mean "not set" so that `FOO=` in a .env file falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`  ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
  } else {
    const env = result.data as Record<string, unknown>;
    if (
      env.NODE_ENV === "production" &&
      typeof env.SESSION_SECRET === "string" &&
      env.SESSION_SECRET.startsWith("dev-only")
    ) {
      problems.push("  SESSION_SECRET: must be set to a private random value in production");
    }
    if (
      env.NODE_ENV === "production" &&
      schema instanceof z.ZodObject &&
      "ENCRYPTION_KEYS" in schema.shape &&
      env.ENCRYPTION_KEYS === undefined
    ) {
      problems.push(
        "  ENCRYPTION_KEYS: must be set in production (`npm run keys:generate` prints a new key; see ADR 0008)",
      );
    }
    // The mailbox shows every email sent, reset links included: whoever reads it can take over accounts.
    if (env.DEV_MAILBOX === true && env.NODE_ENV === "production") {
      problems.push(
        "  DEV_MAILBOX: the development mailbox shows every email sent (password-reset links included) and never runs with NODE_ENV=production; unset it (the quick start's mail is read with `npm run mail`)",
      );
    } else if (env.DEV_MAILBOX === true && typeof env.HOST === "string" && !isLoopback(env.HOST)) {
      problems.push(
        `  DEV_MAILBOX: the development mailbox is only served on a loopback HOST (127.0.0.1), not ${env.HOST}`,
      );
    }
    if (typeof env.METRICS_HOST === "string" && !isLoopback(env.METRICS_HOST) && !env.METRICS_TOKEN) {
      problems.push("  METRICS_TOKEN: required when METRICS_HOST is not a loopback address");
    }
  }
  if (problems.length) {
    throw new EnvError(`Invalid environment configuration:\n${problems.join("\n")}`);
  }
  return (result as { data: z.infer<S> }).data;
}

/** For process entry points: print the one clear message and stop. */
export function loadEnvOrExit<S extends z.ZodType>(schema: S): z.infer<S> {
  try {
    return parseEnv(schema);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
