// Scheduled clean-up (maintenance.sessions, hourly): sessions past their idle or absolute expiry, and
// email tokens and invitations that can no longer be used. Rows are only ever deleted here, never
// changed, so running it twice or concurrently is harmless.
import type { PrismaClient } from "~/generated/prisma/client";
import { IDLE_MS } from "./session.server";

const KEEP_DEAD_TOKENS_MS = 30 * 24 * 60 * 60 * 1000;

export async function purgeExpired(client: PrismaClient, now = new Date()) {
  const sessions = await client.session.deleteMany({
    where: { OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - IDLE_MS) } }] },
  });
  const cutoff = new Date(now.getTime() - KEEP_DEAD_TOKENS_MS);
  const tokens = await client.userToken.deleteMany({ where: { expiresAt: { lte: cutoff } } });
  return { sessions: sessions.count, tokens: tokens.count };
}
