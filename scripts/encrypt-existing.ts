// `npm run data:encrypt`: encrypts confidential text written before encryption at rest (issue 16,
// ADR 0008), in batches, resumably and idempotently (app/features/operations/services/encrypt-existing.server.ts).
// `npm run setup` and `npm run db:migrate` run it after the schema migrations; run it once after deploying
// the version that writes sealed values (the app reads both meanwhile). Safe while the app runs.
// Reads .env when there is one (variables already set in the environment win).
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");
const { loadEnvOrExit, sharedEnvSchema } = await import("~/utils/env-schema");
const { createPrismaClient } = await import("~/utils/db.server");
const { encryptExistingRows } = await import("~/features/operations/services/encrypt-existing.server");

const env = loadEnvOrExit(sharedEnvSchema);
if (!env.ENCRYPTION_KEYS) {
  console.error(
    "data:encrypt: ENCRYPTION_KEYS is not set (npm run setup writes one; npm run keys:generate prints one).",
  );
  process.exit(1);
}
const batchArg = process.argv.indexOf("--batch");
const batchSize = batchArg > 0 ? Number(process.argv[batchArg + 1]) : 200;
const client = createPrismaClient(env.DATABASE_URL, { max: 2 });
const started = Date.now();
try {
  const results = await encryptExistingRows({ client, batchSize });
  const rows = Object.values(results).reduce((sum, r) => sum + r.processed, 0);
  console.log(
    `data:encrypt: confidential text encrypted at rest (${rows} rows looked at in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
} finally {
  await client.$disconnect();
}
