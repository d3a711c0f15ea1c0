// One-click unsubscribe (RFC 8058), no sign-in: the signed token is the authorisation. GET shows a
// confirmation with a button (no JavaScript needed; a link preview must not unsubscribe anyone), POST
// unsubscribes — which is also what mail providers send for List-Unsubscribe-Post. The CSRF middleware
// exempts /unsubscribe/ (providers POST without an Origin). Forged or tampered tokens: 400.
import { useTranslation } from "~/i18n/use-translation";
import { Form, Link } from "react-router";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { httpError } from "~/utils/http.server";
import { unsubscribeAll } from "../services/preferences.server";
import { verifyUnsubscribeToken } from "../services/unsubscribe-token.server";
import type { Route } from "./+types/unsubscribe";
import { db } from "~/utils/db.server";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }, { name: "robots", content: "noindex" }];

function userFromToken(token: string | undefined) {
  const userId = token ? verifyUnsubscribeToken(token) : null;
  if (!userId) throw httpError(400, "digest:unsubscribe.invalid");
  return userId;
}

export async function loader({ params }: Route.LoaderArgs) {
  userFromToken(params.token);
  return { done: false };
}

export async function action({ params }: Route.ActionArgs) {
  const userId = userFromToken(params.token);
  if (!(await db().$transaction((tx) => unsubscribeAll(tx, userId))))
    throw httpError(400, "digest:unsubscribe.invalid");
  return { done: true };
}

export default function Unsubscribe({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <section className="mx-auto max-w-xl space-y-4" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t("digest:unsubscribe.title")}</h1>
      {actionData?.done ? (
        <p role="status">{t("digest:unsubscribe.done")}</p>
      ) : (
        <Form method="post" className="space-y-4">
          <p>{t("digest:unsubscribe.confirm")}</p>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit" className="btn">
            {t("digest:unsubscribe.button")}
          </button>
        </Form>
      )}
      <p>
        <Link to="/settings/notifications">{t("digest:unsubscribe.preferences")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
