// GET /settings/data/export: the signed-in user's own data as a JSON download (a resource route).
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { exportPersonalData } from "../services/personal-data.server";
import type { Route } from "./+types/data-export";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { user } = await requireUser(request);
  const exported = await exportPersonalData(user.id);
  await audit(db(), {
    actorId: user.id,
    action: "user.data_exported",
    entityType: "user",
    entityId: user.id,
    ip: clientIp(context),
  });
  return new Response(JSON.stringify(exported, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="puente-my-data.json"',
      "Cache-Control": "private, no-store",
    },
  });
}
