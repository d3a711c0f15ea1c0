// The signed-in member's home: one section per role held. Each count is a link to the page that works it.
import { Link } from "react-router";
import type { Locale } from "~/i18n/config";
import { countryName, formatDate, formatDateTime, formatNumber } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import type { HomeData } from "../services/home.server";

type Props = { home: HomeData; userName: string; locale: Locale; zone: string };

export function Home({ home, userName, locale, zone }: Props) {
  const { t } = useTranslation();
  return (
    <div className="space-y-8">
      <h1 id="home-title">{t("home:title", { name: userName })}</h1>
      {home.noOrganisation ? <p>{t("home:noOrganisation")}</p> : null}
      {home.secretariatNeedsTwoFactor ? (
        <p className="notice" role="status">
          {t("home:secretariat.needsTwoFactor")}{" "}
          <Link to="/settings/two-factor">{t("home:secretariat.twoFactorLink")}</Link>
        </p>
      ) : null}
      {home.pending ? <Pending pending={home.pending} /> : null}
      {home.secretariat ? <SecretariatDay day={home.secretariat} locale={locale} /> : null}
      {home.coalition ? <CoalitionHome c={home.coalition} locale={locale} zone={zone} /> : null}
      {home.expert ? <ExpertHome e={home.expert} locale={locale} zone={zone} /> : null}
    </div>
  );
}

function Count({ n, locale }: { n: number; locale: Locale }) {
  return <span className="text-2xl font-bold tabular-nums">{formatNumber(n, locale)}</span>;
}

/** A count and what it counts, as a link to the page that works it. */
function CountLink({
  to,
  n,
  label,
  locale,
  ...data
}: {
  to: string;
  n: number;
  label: string;
  locale: Locale;
  "data-testid"?: string;
  "data-count"?: number;
}) {
  return (
    <Link to={to} className="flex items-baseline gap-2" {...data}>
      <Count n={n} locale={locale} />
      <span>{label}</span>
    </Link>
  );
}

/** One of the coalition's three "waits on you" cards: its count as a heading, then its items. */
function WaitCard({
  testId,
  count,
  to,
  label,
  locale,
  children,
}: {
  testId: string;
  count: number;
  to: string;
  label: string;
  locale: Locale;
  children: React.ReactNode;
}) {
  return (
    <div className="card space-y-2" data-testid={testId} data-count={count}>
      <h3>
        <CountLink to={to} n={count} label={label} locale={locale} />
      </h3>
      {children}
    </div>
  );
}

/** One of the expert's sections: its count as a heading (a link), then its items. */
function ExpertSection({
  id,
  testId,
  count,
  to,
  label,
  locale,
  children,
  ...rest
}: {
  id: string;
  testId: string;
  count: number;
  to: string;
  label: string;
  locale: Locale;
  children: React.ReactNode;
  "data-testid"?: string;
}) {
  return (
    <section aria-labelledby={id} className="space-y-2" {...rest}>
      <h2 id={id}>
        <CountLink to={to} n={count} label={label} locale={locale} data-testid={testId} data-count={count} />
      </h2>
      {children}
    </section>
  );
}

function Pending({ pending }: { pending: NonNullable<HomeData["pending"]> }) {
  const { t } = useTranslation();
  const kinds = new Set(pending.organisations.map((o) => o.kind));
  return (
    <section aria-labelledby="pending-title" className="card space-y-3" data-testid="home-pending">
      <h2 id="pending-title">{t("home:pending.title")}</h2>
      <p>
        {t("home:pending.intro", {
          count: pending.organisations.length,
          names: pending.organisations.map((o) => o.name).join(", "),
        })}
      </p>
      <p>{t("home:pending.why")}</p>
      <h3>{t("home:pending.meanwhile")}</h3>
      <ul className="list-disc space-y-1 pl-6">
        {pending.organisations.map((o) => (
          <li key={`p-${o.id}`}>
            <Link to={`/organisations/${o.id}`}>{t("home:pending.profile", { name: o.name })}</Link>
          </li>
        ))}
        {pending.organisations.map((o) => (
          <li key={`m-${o.id}`}>
            <Link to={`/organisations/${o.id}/members`}>{t("home:pending.invite", { name: o.name })}</Link>
          </li>
        ))}
        {kinds.has("COALITION") ? (
          <li>
            <Link to="/needs/new">{t("home:pending.draftNeed")}</Link>
          </li>
        ) : null}
        {kinds.has("EXPERT") ? (
          <li>
            <Link to="/offers/new">{t("home:pending.draftOffer")}</Link>
          </li>
        ) : null}
        <li>
          <Link to="/settings/notifications">{t("home:pending.notifications")}</Link>
        </li>
      </ul>
      <h3>{t("home:pending.contactTitle")}</h3>
      <p>
        {t("home:pending.contact")} <a href={`mailto:${pending.contact}`}>{pending.contact}</a>
      </p>
    </section>
  );
}

function SecretariatDay({ day, locale }: { day: NonNullable<HomeData["secretariat"]>; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="day-title" className="space-y-4" data-testid="home-secretariat">
      <h2 id="day-title">{t("home:secretariat.title")}</h2>
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {day.tasks.map((task) => (
          <li key={task.key} className="card" data-testid={`task-${task.key}`} data-count={task.count}>
            <CountLink
              to={task.href}
              n={task.count}
              label={t(`home:secretariat.tasks.${task.key}`, { count: task.count })}
              locale={locale}
            />
          </li>
        ))}
      </ul>
      <section aria-labelledby="past-wanted-by" className="space-y-2">
        <h3 id="past-wanted-by" tabIndex={-1}>
          {t("home:secretariat.pastWantedByTitle")}
        </h3>
        {day.pastWantedBy.length === 0 ? (
          <p>{t("home:secretariat.pastWantedByNone")}</p>
        ) : (
          <ul className="space-y-1">
            {day.pastWantedBy.map((n) => (
              <li key={n.id}>
                <Link to={`/needs/${n.id}`} lang={n.contentLanguage}>
                  {n.title}
                </Link>{" "}
                <span className="text-sm text-[var(--color-muted)]">
                  · {countryName(n.countryCode, locale)} ·{" "}
                  {t("home:wantedBy", { date: formatDate(n.wantedBy, locale) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

function CoalitionHome({
  c,
  locale,
  zone,
}: {
  c: NonNullable<HomeData["coalition"]>;
  locale: Locale;
  zone: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <section aria-labelledby="waits-title" className="space-y-4" data-testid="home-coalition">
        <h2 id="waits-title">{t("home:coalition.waitsTitle")}</h2>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <WaitCard
            testId="coalition-to-confirm"
            count={c.toConfirm.count}
            to="/needs/mine?status=matching"
            label={t("home:coalition.toConfirm", { count: c.toConfirm.count })}
            locale={locale}
          >
            <ul className="space-y-1 text-sm">
              {c.toConfirm.items.map((p) => (
                <li key={p.id}>
                  <Link to={`/needs/${p.needId}/experts`}>
                    {t("home:coalition.confirmItem", { expert: p.expertName })}
                  </Link>{" "}
                  <span lang={p.lang}>— {p.needTitle}</span>
                </li>
              ))}
            </ul>
          </WaitCard>
          <WaitCard
            testId="coalition-questions"
            count={c.questions.count}
            to="/inbox"
            label={t("home:coalition.questions", { count: c.questions.count })}
            locale={locale}
          >
            <ul className="space-y-1 text-sm">
              {c.questions.items.map((q) => (
                <li key={q.id}>
                  <Link to={`/threads/${q.id}`} lang={q.lang}>
                    {q.needTitle}
                  </Link>{" "}
                  <span>({t("home:unread", { count: q.unread })})</span>
                </li>
              ))}
            </ul>
          </WaitCard>
          <WaitCard
            testId="coalition-actions"
            count={c.actions.count}
            to="/actions"
            label={t("home:coalition.actions", { count: c.actions.count })}
            locale={locale}
          >
            {c.actions.overdue ? (
              <p className="text-sm font-semibold">
                {t("home:coalition.overdue", { count: c.actions.overdue })}
              </p>
            ) : null}
            <ul className="space-y-1 text-sm">
              {c.actions.items.map((a) => (
                <li key={a.id}>
                  <Link to={`/calls/${a.callId}`}>{a.title}</Link>
                  {a.dueOn ? (
                    <span className={a.overdue ? "font-semibold" : undefined}>
                      {" "}
                      · {t("home:dueOn", { date: formatDate(a.dueOn, locale) })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </WaitCard>
        </div>
      </section>
      <section aria-labelledby="stages-title" className="space-y-2">
        <h2 id="stages-title">{t("home:coalition.stagesTitle")}</h2>
        {c.stages.length === 0 ? (
          <p>
            {t("home:coalition.noNeeds")} <Link to="/needs/new">{t("home:coalition.postNeed")}</Link>
          </p>
        ) : (
          <ul className="flex flex-wrap gap-2" data-testid="coalition-stages">
            {c.stages.map((s) => (
              <li key={s.status} data-status={s.status} data-count={s.count}>
                <Link to={`/needs/mine?status=${s.status}`} className="badge no-underline">
                  {t(`needs:status.${s.status}`)}: {formatNumber(s.count, locale)}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="activity-title" className="space-y-2">
        <h2 id="activity-title">
          {t("home:coalition.activityTitle", {
            countries: c.countries.map((code) => countryName(code, locale)).join(", "),
          })}
        </h2>
        {c.activity.items.length === 0 ? <p>{t("home:coalition.noActivity")}</p> : null}
        <ul className="space-y-2" data-testid="coalition-activity" data-count={c.activity.count}>
          {c.activity.items.map((a) => (
            <li key={a.id} className="card">
              <p className="text-sm text-[var(--color-muted)]">
                {a.organisation.name} · {t(`countries:kind.${a.kind}`)} ·{" "}
                {formatDateTime(a.createdAt, locale, zone)}
              </p>
              <p lang={a.contentLanguage}>{a.summary}</p>
            </li>
          ))}
        </ul>
        <p className="flex flex-wrap gap-4">
          {c.countries.map((code) => (
            <Link key={code} to={`/countries/${code}`}>
              {t("home:coalition.countryPage", { country: countryName(code, locale) })}
            </Link>
          ))}
        </p>
      </section>
    </>
  );
}

function ExpertHome({
  e,
  locale,
  zone,
}: {
  e: NonNullable<HomeData["expert"]>;
  locale: Locale;
  zone: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ExpertSection
        id="awaiting-title"
        testId="expert-awaiting"
        count={e.awaiting.count}
        to="/proposals"
        label={t("home:expert.awaiting", { count: e.awaiting.count })}
        locale={locale}
        data-testid="home-expert"
      >
        <ul className="space-y-2">
          {e.awaiting.items.map((p) => (
            <li key={p.id} className="card">
              <Link to={`/proposals/${p.id}`} lang={p.needTitle ? p.lang : undefined}>
                {p.needTitle ?? t("home:expert.unavailable")}
              </Link>
              <p className="text-sm">
                {countryName(p.countryCode, locale)} · {t(`needs:urgency.${p.urgency}`)} · {p.offerTitle}
                {p.expiresAt ? (
                  <strong>
                    {" "}
                    · {t("home:expert.replyBy", { date: formatDateTime(p.expiresAt, locale, zone) })}
                  </strong>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      </ExpertSection>
      <ExpertSection
        id="engagements-title"
        testId="expert-engagements"
        count={e.engagements.count}
        to="/engagements?status=active"
        label={t("home:expert.engagements", { count: e.engagements.count })}
        locale={locale}
      >
        <ul className="space-y-2">
          {[...e.engagements.items, ...e.engagements.feedback].map((g) => (
            <li key={g.id} className="card">
              <Link to={`/engagements/${g.id}`} lang={g.lang}>
                {g.needTitle}
              </Link>
              <p className="text-sm">
                {g.partner} · <strong>{t(`home:expert.next.${g.next}`)}</strong>
              </p>
            </li>
          ))}
        </ul>
      </ExpertSection>
      <ExpertSection
        id="help-title"
        testId="expert-help"
        count={e.help.count}
        to="/needs?status=open"
        label={t("home:expert.help", { count: e.help.count })}
        locale={locale}
      >
        <p className="text-sm text-[var(--color-muted)]">{t("home:expert.helpIntro")}</p>
        <ul className="space-y-2">
          {e.help.items.map((n) => (
            <li key={n.id} className="card">
              <Link to={`/needs/${n.id}`} lang={n.lang}>
                {n.title}
              </Link>
              <p className="text-sm">
                {n.coalitionName ?? t("home:aCoalitionIn", { country: countryName(n.countryCode, locale) })} ·{" "}
                {countryName(n.countryCode, locale)} · {t(`needs:urgency.${n.urgency}`)}
                {n.wantedBy ? <> · {t("home:wantedBy", { date: formatDate(n.wantedBy, locale) })}</> : null}
              </p>
            </li>
          ))}
        </ul>
      </ExpertSection>
    </>
  );
}
