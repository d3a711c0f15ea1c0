import { redirect } from "react-router";
import { readForm } from "~/features/auth/services/forms.server";
import { isLocale } from "~/i18n/config";
import { localeCookieName } from "~/i18n/i18n.server";
import { badRequest } from "~/utils/http.server";
import type { Route } from "./+types/set-language";

/** Only same-site paths: never an open redirect. */
export function safeRedirectPath(value: FormDataEntryValue | null, fallback = "/") {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\"))
    return fallback;
  return value;
}

export async function action({ request }: Route.ActionArgs) {
  const form = await readForm(request); // a body that is not a form is a 400, not a 500
  const lng = form.get("lng");
  if (!isLocale(lng)) throw badRequest();
  const secure = process.env.NODE_ENV === "production" ? "; Secure" : "";
  return redirect(safeRedirectPath(form.get("redirectTo")), {
    headers: {
      "Set-Cookie": `${localeCookieName}=${lng}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${secure}`,
    },
  });
}

export function loader() {
  return redirect("/");
}
