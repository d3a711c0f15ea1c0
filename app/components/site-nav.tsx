// The site's navigation (issue 21): links grouped by what each role does, short enough for a phone.
// On wide screens: the everyday links in a row, and each group (our work, the secretariat's tools, the
// account) behind a <details> drop-down; on narrow screens: one <details> "Menu" holding every group and
// the language picker. <details> opens without JavaScript. Shared UI: it imports no feature (the root
// passes in what it knows of the reader).
import type { MouseEvent } from "react";
import { Form, Link, useLocation } from "react-router";
import { isCurrentPath, plainLinkProps, usePlainLinkClick } from "~/components/plain-links";
import { supportedLocales, type Locale } from "~/i18n/config";
import { useTranslation } from "~/i18n/use-translation";

export type NavReader = {
  signedIn: boolean;
  userName: string | null;
  kinds: ReadonlyArray<"COALITION" | "EXPERT" | "SECRETARIAT">;
  /** Secretariat tools (the policy's isSecretariat is checked again by every page). */
  secretariat: boolean;
  hasOrganisation: boolean;
  unreadMessages: number;
  devMailbox: boolean;
  locale: Locale;
};

type Item = { to: string; label: string; end?: boolean; testId?: string };
type Group = { id: string; label: string; items: Item[] };

function useNavModel(r: NavReader): { primary: Item[]; groups: Group[] } {
  const { t } = useTranslation();
  if (!r.signedIn) {
    return {
      primary: [
        { to: "/", label: t("common:nav.home"), end: true },
        { to: "/login", label: t("common:nav.signIn") },
        { to: "/apply", label: t("outreach:nav.apply") },
        { to: "/resources", label: t("resources:nav.library"), end: true },
      ],
      groups: [],
    };
  }
  const kinds = new Set(r.kinds);
  const publishes = kinds.has("EXPERT") || kinds.has("COALITION");
  const primary: Item[] = [{ to: "/", label: t("common:nav.home"), end: true }];
  if (r.hasOrganisation) {
    primary.push(
      { to: "/needs", label: t("common:nav.needs"), end: true },
      { to: "/offers", label: t("common:nav.offers"), end: true },
      {
        to: "/inbox",
        label: r.unreadMessages
          ? t("conversations:nav.inboxUnread", { count: r.unreadMessages })
          : t("conversations:nav.inbox"),
        testId: "inbox-link",
      },
    );
  }
  const groups: Group[] = [];
  if (r.hasOrganisation) {
    const work: Item[] = [];
    if (kinds.has("COALITION")) work.push({ to: "/needs/mine", label: t("common:nav.myNeeds") });
    if (publishes) {
      work.push({ to: "/proposals", label: t("review:nav.proposals") });
      work.push({ to: "/offers/mine", label: t("common:nav.myOffers") });
    }
    work.push(
      { to: "/engagements", label: t("common:nav.engagements") },
      { to: "/actions", label: t("coordination:nav.actions") },
      { to: "/countries", label: t("countries:nav.countries") },
      { to: "/resources", label: t("resources:nav.library"), end: true },
    );
    groups.push({ id: "work", label: t("home:nav.ourWork"), items: work });
  }
  if (r.secretariat) {
    groups.push({
      id: "secretariat",
      label: t("home:nav.secretariat"),
      items: [
        { to: "/secretariat/triage", label: t("common:nav.triage") },
        { to: "/secretariat/review", label: t("common:nav.review") },
        { to: "/secretariat/applications", label: t("outreach:nav.applications") },
        { to: "/secretariat/taxonomy", label: t("taxonomy:nav") },
        { to: "/secretariat/organisations", label: t("common:nav.organisations") },
        { to: "/secretariat/calls", label: t("coordination:nav.calls") },
        { to: "/secretariat/insight", label: t("common:nav.insight") },
        { to: "/secretariat/impact", label: t("impact:nav") },
        { to: "/secretariat/audit", label: t("common:nav.audit") },
        { to: "/secretariat/operations", label: t("operations:title") },
        { to: "/secretariat/email-failures", label: t("home:nav.emailFailures") },
      ],
    });
  }
  const account: Item[] = [];
  if (r.hasOrganisation) account.push({ to: "/organisation", label: t("org:nav.myOrganisation") });
  account.push({ to: "/settings", label: t("common:nav.settings") });
  // Development only, and only for a signed-in user (the page is a 404 to anyone else: issue 15).
  if (r.devMailbox) account.push({ to: "/dev/mailbox", label: t("common:nav.mailbox") });
  groups.push({ id: "account", label: t("home:nav.account"), items: account });
  return { primary, groups };
}

function SignOut() {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/logout" reloadDocument>
      <button type="submit" className="link-button">
        {t("common:nav.signOut")}
      </button>
    </Form>
  );
}

function LanguageSwitcher({ locale, idSuffix }: { locale: Locale; idSuffix: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const id = `language-select-${idSuffix}`;
  return (
    <Form method="post" action="/set-language" className="flex items-end gap-2" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <div>
        <label htmlFor={id} className="block text-xs">
          {t("common:language.label")}
        </label>
        <select id={id} name="lng" defaultValue={locale} className="text-sm">
          {supportedLocales.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`common:language.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-secondary text-sm">
        {t("common:language.change")}
      </button>
    </Form>
  );
}

/** What every list of navigation links needs: the current path and the one click handler. */
type LinkContext = { pathname: string; onClick: (event: MouseEvent<HTMLAnchorElement>) => void };

function Links({ items, withTestIds, at }: { items: Item[]; withTestIds: boolean; at: LinkContext }) {
  // Plain links marked as <NavLink> marks them (class "active", aria-current="page"): see plain-links.ts.
  return items.map((item) => {
    const current = isCurrentPath(at.pathname, item.to, item.end);
    return (
      <li key={item.to}>
        <a
          aria-current={current ? "page" : undefined}
          className={current ? "active" : ""}
          data-testid={withTestIds ? item.testId : undefined}
          {...plainLinkProps(item.to, at.onClick)}
        >
          {item.label}
        </a>
      </li>
    );
  });
}

/** Wide screens: the everyday links in a row, each group a drop-down. */
function WideNav({ reader, at }: { reader: NavReader; at: LinkContext }) {
  const { t } = useTranslation();
  const { primary, groups } = useNavModel(reader);
  return (
    <nav aria-label={t("common:nav.main")} className="hidden md:block" data-testid="nav-wide">
      <ul className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <Links items={primary} withTestIds at={at} />
        {groups.map((g) => (
          <li key={g.id} className="relative">
            <details className="nav-group">
              <summary className="cursor-pointer">{g.label}</summary>
              <ul className="absolute right-0 z-20 mt-2 min-w-56 space-y-2 rounded-md border border-stone-300 bg-white p-3 shadow-lg">
                <Links items={g.items} withTestIds at={at} />
                {g.id === "account" ? (
                  <li>
                    <SignOut />
                  </li>
                ) : null}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Narrow screens: one "Menu" disclosure with every group and the language picker. */
function NarrowNav({ reader, at }: { reader: NavReader; at: LinkContext }) {
  const { t } = useTranslation();
  const { primary, groups } = useNavModel(reader);
  return (
    <details className="nav-narrow md:hidden" data-testid="nav-narrow">
      <summary className="btn btn-secondary cursor-pointer">{t("home:nav.menu")}</summary>
      <nav aria-label={t("common:nav.main")} className="mt-3 space-y-4">
        <ul className="flex flex-wrap gap-x-4 gap-y-2">
          <Links items={primary} withTestIds={false} at={at} />
        </ul>
        {groups.map((g) => (
          <div key={g.id}>
            <p className="text-xs font-semibold uppercase tracking-wide text-[var(--color-muted)]">
              {g.label}
            </p>
            <ul className="flex flex-wrap gap-x-4 gap-y-2">
              <Links items={g.items} withTestIds={false} at={at} />
              {g.id === "account" ? (
                <li>
                  <SignOut />
                </li>
              ) : null}
            </ul>
          </div>
        ))}
        <LanguageSwitcher locale={reader.locale} idSuffix="narrow" />
      </nav>
    </details>
  );
}

export function SiteHeader({ reader, appName }: { reader: NavReader; appName: string }) {
  const at: LinkContext = { pathname: useLocation().pathname, onClick: usePlainLinkClick() };
  return (
    <header className="border-b border-stone-300 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link to="/" className="text-xl font-bold no-underline text-[var(--color-brand-800)]">
          {appName}
        </Link>
        <WideNav reader={reader} at={at} />
        <div className="hidden md:block">
          <LanguageSwitcher locale={reader.locale} idSuffix="wide" />
        </div>
        <NarrowNav reader={reader} at={at} />
      </div>
    </header>
  );
}
