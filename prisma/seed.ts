// Demo data: a believable network (see seed-data.ts). Deterministic (fixed ids, no randomness) and
// re-runnable: every row is upserted by id, so running it twice changes nothing. Dates are relative to
// the day it runs (issue 21): the story is anchored a month back, and what waits for an answer — the
// proposals awaiting the experts' answer — has its reply-by date ahead, as a live network's would.
import { defaultTimeZoneFor } from "~/i18n/time-zones.server";
import { hash } from "@node-rs/argon2";
import { createPrismaClient } from "~/utils/db.server";
import { scoreNeedOfferPair } from "~/features/matching/services/matching.server";
import { proposalReplyBy } from "~/features/review/index.server";
import { regionOf } from "~/features/taxonomy/reference-data";
import { enqueue } from "~/utils/outbox.server";
import {
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  countryRatings,
  needTexts,
  offerTexts,
  organisations,
  resourceSeeds,
  type SeedOrg,
} from "./seed-data";

const day = 24 * 3600 * 1000;
/** Today at 09:00 UTC. */
const TODAY = new Date(`${new Date().toISOString().slice(0, 10)}T09:00:00Z`);
const ANCHOR = new Date(TODAY.getTime() - 30 * day);
const at = (offsetDays: number) => new Date(ANCHOR.getTime() + offsetDays * day);

const needStatusPlan = [
  "open",
  "open",
  "matching",
  "submitted",
  "engaged",
  "open",
  "completed",
  "draft",
  "matching",
  "needs_info",
  "open",
  "declined",
  "completed",
  "submitted",
  "matching",
  "engaged",
  "open",
  "closed_unmet",
  "withdrawn",
  "open",
  "matching",
  "completed",
  "submitted",
  "open",
  "engaged",
  "draft",
  "open",
  "matching",
  "needs_info",
  "completed",
  "open",
  "submitted",
] as const;
const urgencies = ["normal", "high", "critical", "normal", "low", "high"] as const;
const contexts = ["closing", "closing", "crisis", "opening", "steady"] as const;
const formats = ["remote", "either", "in_person", "remote"] as const;

export async function seed(databaseUrl = process.env.DATABASE_URL) {
  if (!databaseUrl) throw new Error("DATABASE_URL must be set");
  const db = createPrismaClient(databaseUrl, { max: 4, bulk: true });
  const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2 /* Argon2id */ });
  const orgId = (key: string) => `seed-org-${key}`;
  const userId = (key: string, n = 1) => `seed-user-${key}-${n}`;

  try {
    for (const [code, rating, trend] of countryRatings) {
      await db.country.update({
        where: { code },
        data: { civicSpaceRating: rating, ratingTrend: trend, ratingUpdatedAt: at(-30) },
      });
    }

    const secretariatUser = userId("sec");
    for (const org of organisations) {
      await upsertOrganisation(db, org, orgId(org.key));
      const people = org.kind === "SECRETARIAT" ? 2 : org.key === "mx" || org.key === "ecnl" ? 2 : 1;
      for (let n = 1; n <= people; n++) {
        const id = userId(org.key, n);
        const locale = org.languages.find((l) => ["en", "es", "fr"].includes(l)) ?? "en";
        const data = {
          email: n === 1 ? `${org.key}@demo.puente.local` : `${org.key}.${n}@demo.puente.local`,
          name: demoName(org, n),
          passwordHash,
          locale,
          timeZone: defaultTimeZoneFor(org.country),
          emailVerifiedAt: at(-200),
          totpSecret: org.kind === "SECRETARIAT" ? DEMO_TOTP_SECRET : null,
          totpEnabledAt: org.kind === "SECRETARIAT" ? at(-200) : null,
        };
        await db.user.upsert({ where: { id }, create: { id, ...data }, update: {} });
        await db.membership.upsert({
          where: { userId_organisationId: { userId: id, organisationId: orgId(org.key) } },
          create: { userId: id, organisationId: orgId(org.key), role: n === 1 ? "admin" : "member" },
          update: {},
        });
        await db.digestSubscription.upsert({
          where: { userId: id },
          create: { userId: id, frequency: n === 1 ? "weekly" : "daily" },
          update: {},
        });
      }
    }
    await db.organisation.updateMany({
      where: {
        id: { in: organisations.filter((o) => o.vetting !== "unverified").map((o) => orgId(o.key)) },
        vettedById: null,
      },
      data: {
        vettedById: secretariatUser,
        vettedAt: at(-180),
        vettingNote: "Vetted at the network's founding meeting.",
      },
    });

    // Offers: four per vetted expert organisation, from its categories' texts.
    const experts = organisations.filter((o) => o.kind === "EXPERT");
    const offerIds: Array<{ id: string; org: SeedOrg; categoryId: string }> = [];
    let o = 0;
    for (const org of experts) {
      const cats = org.categories ?? ["legal"];
      const count = org.vetting === "unverified" ? 2 : 4;
      for (let k = 0; k < count; k++, o++) {
        const categoryId = cats[k % cats.length];
        const text = offerTexts[categoryId][(k + o) % offerTexts[categoryId].length];
        const status =
          org.vetting === "unverified"
            ? "draft"
            : k === 3
              ? o % 3 === 0
                ? "paused"
                : o % 3 === 1
                  ? "retired"
                  : "active"
              : "active";
        const id = `seed-offer-${org.key}-${k + 1}`;
        const languages =
          text.lang === "en"
            ? org.languages.slice(0, 3)
            : [text.lang, ...org.languages.filter((l) => l !== text.lang)].slice(0, 3);
        const data = {
          organisationId: orgId(org.key),
          createdById: userId(org.key),
          title: text.title,
          description: text.description,
          contentLanguage: text.lang,
          categoryIds: [categoryId],
          topicIds: text.topics,
          coverageGlobal: org.coverage?.global ?? false,
          coverageCountries: org.coverage?.countries ?? [],
          coverageRegions: (org.coverage?.regions ?? []) as never[],
          languages,
          hoursPerMonth: [10, 20, 30, 40][k % 4],
          maxConcurrent: [2, 3, 4, 3][k % 4],
          availableFrom: at(-120),
          availableTo: k % 4 === 2 ? at(240) : null,
          format: formats[k % formats.length],
          responseTimeDays: [2, 5, 7, 10][k % 4],
          terms: k % 3 === 2 ? ("cost_shared" as const) : ("pro_bono" as const),
          status: status as "draft" | "active" | "paused" | "retired",
          publishedAt: status === "draft" ? null : at(-100 + o),
          createdAt: at(-110 + o),
        };
        await db.offer.upsert({ where: { id }, create: { id, ...data }, update: {} });
        offerIds.push({ id, org, categoryId });
      }
    }

    // Needs: 64 across the coalitions, in every lifecycle state.
    const coalitions = organisations.filter((c) => c.kind === "COALITION" && c.vetting !== "unverified");
    const ratingOf = new Map(countryRatings.map(([code, rating]) => [code, rating]));
    const categoriesCycle = ["legal", "digital_security", "advocacy"];
    for (let i = 0; i < 64; i++) {
      const org = coalitions[i % coalitions.length];
      const categoryId = categoriesCycle[i % 3];
      const text = needTexts[categoryId][Math.floor(i / 3) % needTexts[categoryId].length];
      const status = needStatusPlan[i % needStatusPlan.length];
      const id = `seed-need-${String(i + 1).padStart(3, "0")}`;
      const created = at(-90 + i);
      const rating = ratingOf.get(org.country!);
      const strict = (rating === "closed" || rating === "repressed") && i % 2 === 0;
      const topics = topicsFor(categoryId, i);
      const languages = [text.lang, ...(org.languages.includes("en") && text.lang !== "en" ? ["en"] : [])];
      const submitted = status === "draft" ? null : at(-88 + i);
      const opened = ["open", "matching", "engaged", "completed", "closed_unmet"].includes(status)
        ? at(-86 + i)
        : null;
      const data = {
        organisationId: orgId(org.key),
        createdById: userId(org.key),
        title: text.title,
        summary: text.summary,
        details: text.details,
        outcomeWanted: text.outcome,
        contentLanguage: text.lang,
        categoryId,
        topicIds: topics,
        countryCode: org.country!,
        languages,
        urgency: urgencies[i % urgencies.length],
        wantedBy: at(20 + (i % 40)),
        effortHours: [8, 16, 24, 40, 60][i % 5],
        format: formats[i % formats.length],
        civicContext: contexts[i % contexts.length],
        visibility: strict ? ("secretariat" as const) : ("network" as const),
        anonymised: strict,
        status,
        declineReason:
          status === "declined"
            ? "Outside the network's scope: this is a funding request rather than technical assistance."
            : null,
        referral:
          status === "declined" ? "The Lifeline Embattled CSO Assistance Fund may be able to help." : null,
        submittedAt: submitted,
        openedAt: opened,
        engagedAt: ["engaged", "completed"].includes(status) ? at(-80 + i) : null,
        closedAt: ["completed", "closed_unmet", "withdrawn", "declined"].includes(status)
          ? at(-40 + i)
          : null,
        triagedBy: opened || status === "declined" || status === "needs_info" ? secretariatUser : null,
        createdAt: created,
      };
      await db.need.upsert({ where: { id }, create: { id, ...data }, update: {} });

      if (status === "needs_info") {
        await db.triageMessage.upsert({
          where: { id: `${id}-q1` },
          create: {
            id: `${id}-q1`,
            needId: id,
            authorId: secretariatUser,
            kind: "question",
            body: "Could you tell us which deadlines are fixed, and whether remote support would work?",
            createdAt: at(-85 + i),
          },
          update: {},
        });
      }

      // Proposals and engagements for needs past matching.
      if (["matching", "engaged", "completed"].includes(status)) {
        const candidates = offerIds
          .filter((x) => x.categoryId === categoryId && x.org.vetting !== "unverified")
          .slice(0, 6);
        const picks = [candidates[i % candidates.length], candidates[(i + 1) % candidates.length]].filter(
          (x, k, all) => x && all.findIndex((y) => y.id === x.id) === k,
        );
        for (let p = 0; p < picks.length; p++) {
          const offer = picks[p];
          const pid = `seed-proposal-${i + 1}-${p + 1}`;
          const engagedPick = p === 0 && (status === "engaged" || status === "completed");
          const proposalStatus = engagedPick
            ? "confirmed"
            : status === "matching"
              ? p === 0
                ? "approved"
                : "proposed"
              : "closed";
          // The real matcher's explanation of this pair, so demo proposals read like the worker's.
          const scored = await scoreNeedOfferPair(db, id, offer.id, { now: at(-85 + i) });
          // A proposal awaiting the expert's answer was approved in the last days (its reply-by ahead).
          const reviewedAt =
            proposalStatus === "proposed"
              ? null
              : proposalStatus === "approved"
                ? new Date(TODAY.getTime() - (1 + (i % 3)) * day)
                : at(-84 + i);
          const breakdown = scored!.breakdown;
          await db.proposal.upsert({
            where: { id: pid },
            create: {
              id: pid,
              needId: id,
              offerId: offer.id,
              expertOrganisationId: orgId(offer.org.key),
              status: proposalStatus,
              source: "worker",
              score: breakdown.score,
              breakdown: breakdown as object,
              reviewedById: proposalStatus === "proposed" ? null : secretariatUser,
              reviewedAt,
              // The one deadline (review's proposalReplyBy): approved a few days ago, answered by then.
              expiresAt: proposalStatus === "approved" ? proposalReplyBy(reviewedAt!) : null,
              respondedAt: engagedPick ? at(-83 + i) : null,
              respondedById: engagedPick ? userId(offer.org.key) : null,
              conflictConfirmed: engagedPick,
              confidentialityAccepted: engagedPick,
              coalitionDecidedAt: engagedPick ? at(-82 + i) : null,
              coalitionDecidedById: engagedPick ? userId(org.key) : null,
              closedReason:
                proposalStatus === "closed" ? "Another expert was confirmed for this need." : null,
              createdAt: at(-85 + i),
            },
            update: {},
          });
          if (engagedPick) {
            const eid = `seed-engagement-${i + 1}`;
            const closed = status === "completed";
            const outcome = closed
              ? (["achieved", "partly_achieved", "achieved", "not_achieved"] as const)[i % 4]
              : null;
            await db.engagement.upsert({
              where: { id: eid },
              create: {
                id: eid,
                needId: id,
                offerId: offer.id,
                proposalId: pid,
                expertOrganisationId: orgId(offer.org.key),
                coalitionOrganisationId: orgId(org.key),
                status: closed ? "closed" : "active",
                startedAt: at(-80 + i),
                lastActivityAt: at(closed ? -45 + i : i % 2 === 0 ? -60 + i : -5),
                closedAt: closed ? at(-40 + i) : null,
                closedById: closed ? userId(org.key) : null,
                outcome,
                outcomeNote: closed ? "Shared learning with the coalition's members afterwards." : null,
              },
              update: {},
            });
            const updates = [
              {
                by: offer.org.key,
                body: "Kick-off call held; agreed a work plan and a secure channel.",
                hours: 2,
                milestone: "Kick-off",
              },
              {
                by: org.key,
                body: "Shared the background documents through the secure channel.",
                hours: 1,
                milestone: null,
              },
              {
                by: offer.org.key,
                body: "First draft delivered for the coalition's comments.",
                hours: 12,
                milestone: "First draft",
              },
            ];
            for (let u = 0; u < updates.length; u++) {
              const up = updates[u];
              await db.engagementUpdate.upsert({
                where: { id: `${eid}-u${u + 1}` },
                create: {
                  id: `${eid}-u${u + 1}`,
                  engagementId: eid,
                  authorId: userId(up.by),
                  organisationId: orgId(up.by),
                  body: up.body,
                  hours: up.hours,
                  milestone: up.milestone,
                  createdAt: at(-79 + i + u * 3),
                },
                update: {},
              });
            }
            if (closed) {
              for (const [side, key, rating] of [
                ["c", org.key, 4 + (i % 2)],
                ["e", offer.org.key, 5],
              ] as const) {
                await db.engagementFeedback.upsert({
                  where: { engagementId_organisationId: { engagementId: eid, organisationId: orgId(key) } },
                  create: {
                    id: `${eid}-f${side}`,
                    engagementId: eid,
                    organisationId: orgId(key),
                    authorId: userId(key),
                    rating,
                    comment:
                      side === "c"
                        ? "Responsive and careful with our information."
                        : "A well-prepared partner; clear asks.",
                    createdAt: at(-39 + i),
                  },
                  update: {},
                });
              }
            }
          }
        }
      }
    }
    // Issue 21: closing is agreed. One active engagement (not the Mexican coalition's, whose close the
    // browser tests ask for) has its expert's request to close waiting for the coalition's answer.
    const closing = await db.engagement.findFirst({
      where: { status: "active", coalitionOrganisationId: { not: orgId("mx") } },
      orderBy: { id: "asc" },
      select: { id: true, expertOrganisationId: true },
    });
    const closingBy =
      closing &&
      (await db.membership.findFirst({
        where: { organisationId: closing.expertOrganisationId },
        orderBy: { createdAt: "asc" },
        select: { userId: true },
      }));
    if (closing && closingBy) {
      await db.engagementCloseRequest.upsert({
        where: { id: "seed-close-request-1" },
        create: {
          id: "seed-close-request-1",
          engagementId: closing.id,
          side: "expert",
          requestedById: closingBy.userId,
          outcome: "achieved",
          note: "The opinion was delivered and presented to the coalition's lawyers; we suggest closing.",
          createdAt: new Date(TODAY.getTime() - day),
        },
        update: {},
      });
    }
    // Issue 17: a peer offer (the Mexican coalition shares its playbook), an exclusion (kept by the
    // Guatemalan coalition, with its private reason) and a pending application to join.
    await db.offer.upsert({
      where: { id: "seed-offer-mx-peer-1" },
      create: {
        id: "seed-offer-mx-peer-1",
        organisationId: orgId("mx"),
        createdById: userId("mx"),
        title: "Nuestra experiencia frente a la ley de agentes extranjeros",
        description:
          "Compartimos la estrategia, los materiales y los contactos de dos años de defensa frente a una ley de agentes extranjeros; posible visita de intercambio.",
        contentLanguage: "es",
        categoryIds: ["legal"],
        topicIds: ["legal.foreign_funding"],
        coverageRegions: ["latin_america_caribbean"],
        languages: ["es", "en"],
        hoursPerMonth: 8,
        maxConcurrent: 2,
        availableFrom: at(-30),
        format: "either",
        responseTimeDays: 7,
        terms: "pro_bono",
        peerKinds: ["experience", "strategy", "materials", "exchange_visit"],
        status: "active",
        publishedAt: at(-20),
        createdAt: at(-25),
      },
      update: { peerKinds: ["experience", "strategy", "materials", "exchange_visit"] },
    });
    await db.exclusion.upsert({
      where: {
        coalitionOrganisationId_excludedOrganisationId: {
          coalitionOrganisationId: orgId("gt"),
          excludedOrganisationId: orgId("shield"),
        },
      },
      create: {
        coalitionOrganisationId: orgId("gt"),
        excludedOrganisationId: orgId("shield"),
        reason: "A board member also advises the ministry that drafted the NGO law.",
      },
      update: {},
    });
    await db.membershipApplication.upsert({
      where: { id: "seed-application-1" },
      create: {
        id: "seed-application-1",
        kind: "coalition",
        organisationName: "Plataforma Hondureña por el Espacio Cívico",
        countryCode: "HN",
        mission:
          "Coordinamos a 40 organizaciones hondureñas frente a las restricciones al registro y al financiamiento.",
        references: "Conocida por la coalición guatemalteca desde 2022.",
        contactName: "Daniela",
        contactEmail: "aplicante@demo.puente.local",
        locale: "es",
        createdAt: at(-2),
      },
      update: {},
    });
    // Issue 23: the learning exchange's resources (scripts/search-reindex.ts indexes them), and one link
    // from a completed need ("this model law helped").
    for (const r of resourceSeeds) {
      const id = `seed-resource-${r.key}`;
      const categoryIds = [...new Set(r.topics.map((t) => t.split(".")[0]!))];
      const data = {
        organisationId: orgId(r.org),
        createdById: userId(r.org),
        kind: r.kind,
        title: r.title,
        summary: r.summary,
        body: r.body,
        contentLanguage: r.lang,
        languages: r.languages,
        categoryIds,
        topicIds: r.topics,
        countryCodes: r.countries,
        visibility: r.visibility,
        status: r.status ?? "published",
        publishedAt: (r.status ?? "published") === "published" ? at(-r.daysAgo) : null,
        createdAt: at(-r.daysAgo - 1),
      };
      await db.resource.upsert({ where: { id }, create: { id, ...data }, update: {} });
    }
    const helped = await db.need.findFirst({
      where: { status: "completed", categoryId: "legal", id: { startsWith: "seed-need-" } },
      orderBy: { id: "asc" },
      select: { id: true, countryCode: true },
    });
    if (helped) {
      await db.resourceLink.upsert({
        where: {
          resourceId_targetType_targetId: {
            resourceId: "seed-resource-model-law-registration",
            targetType: "need",
            targetId: helped.id,
          },
        },
        create: {
          resourceId: "seed-resource-model-law-registration",
          targetType: "need",
          targetId: helped.id,
          note: "The model law's commentary answered the draft article by article.",
          createdById: secretariatUser,
        },
        update: {},
      });
    }
    // The legislation tracker (issue 23): bills, laws and decrees with their dated stages, recorded by the
    // secretariat; the Mexican coalition follows Mexico (alerts when a stage changes).
    const bills: Array<{
      id: string;
      country: string;
      kind: "bill" | "law" | "decree";
      title: string;
      summary: string;
      lang: string;
      reference?: string;
      direction: "closing" | "opening";
      stages: Array<
        ["proposed" | "in_parliament" | "adopted" | "in_force" | "challenged" | "struck_down", number]
      >;
    }> = [
      {
        id: "seed-bill-mx-agents",
        country: "MX",
        kind: "bill",
        title: "Ley General de Agentes de Influencia Extranjera",
        summary:
          "Obliga a las organizaciones con financiamiento extranjero a registrarse como agentes extranjeros y a informar trimestralmente.",
        lang: "es",
        reference: "Iniciativa 2026/117",
        direction: "closing",
        stages: [
          ["proposed", -75],
          ["in_parliament", -40],
        ],
      },
      {
        id: "seed-bill-gt-ngo",
        country: "GT",
        kind: "law",
        title: "Reformas a la Ley de Organizaciones No Gubernamentales (Decreto 4-2020)",
        summary: "Permite cancelar la inscripción de una ONG que «altere el orden público».",
        lang: "es",
        reference: "Decreto 4-2020",
        direction: "closing",
        stages: [
          ["adopted", -400],
          ["in_force", -380],
          ["challenged", -200],
        ],
      },
      {
        id: "seed-bill-ke-pbo",
        country: "KE",
        kind: "law",
        title: "Public Benefit Organisations Act, 2013 (commencement)",
        summary: "Brings the enabling PBO Act into force after a decade, replacing the NGO Coordination Act.",
        lang: "en",
        direction: "opening",
        stages: [
          ["adopted", -900],
          ["in_force", -90],
        ],
      },
      {
        id: "seed-bill-co-defenders",
        country: "CO",
        kind: "decree",
        title: "Decreto de protección integral a personas defensoras",
        summary: "Crea un programa de protección colectiva para organizaciones defensoras.",
        lang: "es",
        direction: "opening",
        stages: [
          ["proposed", -60],
          ["in_force", -45],
        ],
      },
      {
        id: "seed-bill-hu-sovereignty",
        country: "HU",
        kind: "law",
        title: "Act on the Protection of National Sovereignty",
        summary: "Sets up an office that may investigate organisations receiving foreign funds.",
        lang: "en",
        direction: "closing",
        stages: [
          ["in_parliament", -380],
          ["adopted", -370],
          ["in_force", -360],
          ["challenged", -300],
        ],
      },
    ];
    for (const b of bills) {
      const [stage, offset] = b.stages[b.stages.length - 1]!;
      await db.legislation.upsert({
        where: { id: b.id },
        create: {
          id: b.id,
          countryCode: b.country,
          kind: b.kind,
          title: b.title,
          summary: b.summary,
          contentLanguage: b.lang,
          reference: b.reference ?? null,
          direction: b.direction,
          stage,
          stageOn: new Date(at(offset).toISOString().slice(0, 10)),
          createdById: secretariatUser,
          createdAt: at(b.stages[0]![1]),
        },
        update: {},
      });
      for (const [i, [s, o]] of b.stages.entries()) {
        await db.legislationStageChange.upsert({
          where: { id: `${b.id}-${i}` },
          create: {
            id: `${b.id}-${i}`,
            legislationId: b.id,
            fromStage: i === 0 ? null : b.stages[i - 1]![0],
            stage: s,
            occurredOn: new Date(at(o).toISOString().slice(0, 10)),
            recordedById: secretariatUser,
            createdAt: at(o),
          },
          update: {},
        });
      }
    }
    await db.countryFollow.upsert({
      where: { userId_countryCode: { userId: userId("mx"), countryCode: "MX" } },
      create: { userId: userId("mx"), countryCode: "MX" },
      update: {},
    });
    // Ask the worker for a matching pass over the demo's open needs (proposals for the review queue).
    await enqueue(db, "matching.rebalance", {});
    const counts = {
      organisations: await db.organisation.count(),
      users: await db.user.count(),
      needs: await db.need.count(),
      offers: await db.offer.count(),
      proposals: await db.proposal.count(),
      engagements: await db.engagement.count(),
      resources: await db.resource.count(),
    };
    return counts;
  } finally {
    await db.$disconnect();
  }
}

async function upsertOrganisation(db: ReturnType<typeof createPrismaClient>, org: SeedOrg, id: string) {
  const data = {
    kind: org.kind,
    name: org.name,
    countryCode: org.country ?? null,
    coverageGlobal: org.coverage?.global ?? false,
    coverageCountries: org.coverage?.countries ?? [],
    coverageRegions: (org.coverage?.regions ?? []) as never[],
    languages: org.languages,
    description: org.description,
    website: org.website ?? null,
    vettingLevel: org.vetting,
    vettedAt: org.vetting === "unverified" ? null : at(-180),
    createdAt: at(-365),
  };
  await db.organisation.upsert({ where: { id }, create: { id, ...data }, update: {} });
  if (org.country && !regionOf(org.country)) throw new Error(`Unknown country ${org.country}`);
}

const firstNames = [
  "Ana",
  "Kwame",
  "Lucía",
  "Amina",
  "Tomás",
  "Mariam",
  "Jean",
  "Priya",
  "Sofía",
  "Olu",
  "Élodie",
  "Rahul",
];
const lastNames = [
  "Herrera",
  "Mensah",
  "Ortiz",
  "Diallo",
  "Fuentes",
  "Haddad",
  "Mukendi",
  "Sharma",
  "Castro",
  "Adeyemi",
  "Laurent",
  "Bose",
];
function demoName(org: SeedOrg, n: number) {
  const h = [...org.key].reduce((a, c) => a + c.charCodeAt(0), 0) + n * 7;
  return `${firstNames[h % firstNames.length]} ${lastNames[(h * 3) % lastNames.length]}`;
}

function topicsFor(categoryId: string, i: number) {
  const all: Record<string, string[]> = {
    legal: [
      "legal.registration",
      "legal.foreign_funding",
      "legal.counter_terrorism_aml",
      "legal.assembly",
      "legal.expression",
      "legal.legislative_drafting",
      "legal.strategic_litigation",
    ],
    digital_security: [
      "digital_security.assessment",
      "digital_security.incident_forensics",
      "digital_security.website_ddos",
      "digital_security.training",
      "digital_security.data_protection",
      "digital_security.secure_comms",
    ],
    advocacy: [
      "advocacy.un_mechanisms",
      "advocacy.campaign_media",
      "advocacy.regional_bodies",
      "advocacy.opening_space",
      "advocacy.hrd_protection",
      "advocacy.civic_space_research",
    ],
  };
  const list = all[categoryId];
  return [list[i % list.length], list[(i + 2) % list.length]];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  seed()
    .then((counts) => console.log(JSON.stringify({ msg: "seeded", ms: Date.now() - started, ...counts })))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
