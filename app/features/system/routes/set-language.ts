import { redirect } from "react-router";
import { updateProfile } from "~/features/account/index.server";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { getViewer, safeRedirect } from "~/features/auth/index.server";
import { isLocale } from "~/i18n/config";
import { localeCookieName } from "~/i18n/i18n.server";
import { badRequest } from "~/utils/http.server";
import type { Route } from "./+types/set-language";
import { setting } from "~/utils/env-schema";
import { db } from "~/utils/db.server";

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request); // a body that is not a form is a 400, not a 500
  const lng = form.get("lng");
  if (!isLocale(lng)) throw badRequest();
  // A signed-in member's saved language wins over the cookie, so the switcher changes it too.
  const signedIn = await getViewer(request);
  if (signedIn && signedIn.user.locale !== lng) {
    await db().$transaction((tx) =>
      updateProfile(tx, {
        userId: signedIn.user.id,
        name: signedIn.user.name,
        locale: lng,
        ip: clientIp(context),
      }),
    );
  }
  const secure = setting("NODE_ENV") === "production" ? "; Secure" : "";
  return redirect(safeRedirect(form.get("redirectTo")), {
    headers: {
      "Set-Cookie": `${localeCookieName}=${lng}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${secure}`,
    },
  });
}

export function loader() {
  return redirect("/");
}
