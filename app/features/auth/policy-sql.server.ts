// The policy's offer rules in SQL, for the hot paths that read on `pg` (boards, match input). They are
// translations of policy.ts (same constants), not rules of their own: tests/auth/policy-forms.test.ts
// checks each against its Prisma and predicate forms on the same rows.
import { Prisma } from "~/generated/prisma/client";
import {
  isSecretariat,
  isVerifiedMember,
  ownOrganisationIds,
  publishingVettingLevels,
  visibleOfferStatuses,
  type Viewer,
} from "./policy";

/** `publishedOffersWhere` in SQL (`offer`: the offer's alias; no join needed). */
function publishedOfferSql(offer = "o"): Prisma.Sql {
  const o = Prisma.raw(offer);
  return Prisma.sql`(${o}.status::text = ANY(${visibleOfferStatuses}::text[]) AND EXISTS (
    SELECT 1 FROM "Organisation" pub WHERE pub.id = ${o}."organisationId"
      AND pub."vettingLevel"::text = ANY(${publishingVettingLevels}::text[])))`;
}

/** `visibleOffersWhere` in SQL (`offer`: the offer's alias). */
export function visibleOffersSql(viewer: Viewer, offer = "o"): Prisma.Sql {
  if (!viewer) return Prisma.sql`FALSE`;
  const mine = Prisma.sql`${Prisma.raw(offer)}."organisationId" = ANY(${ownOrganisationIds(viewer)}::text[])`;
  if (isSecretariat(viewer)) return Prisma.sql`TRUE`;
  if (!isVerifiedMember(viewer)) return mine;
  return Prisma.sql`(${mine} OR ${publishedOfferSql(offer)})`;
}

/**
 * `coversCountryWhere` in SQL: `offer` is the alias of a row with the coverage columns; `country` and
 * `region` are SQL expressions (a column or a parameter) for the country code and its region (may be null).
 */
export function coversCountrySql(offer: string, country: Prisma.Sql, region: Prisma.Sql): Prisma.Sql {
  const o = Prisma.raw(offer);
  return Prisma.sql`(${o}."coverageGlobal" OR ${country} = ANY(${o}."coverageCountries") OR coalesce(${region}::text = ANY(${o}."coverageRegions"::text[]), false))`;
}
