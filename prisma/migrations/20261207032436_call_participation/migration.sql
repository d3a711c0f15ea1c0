-- CreateEnum
CREATE TYPE "RsvpAnswer" AS ENUM ('yes', 'no', 'maybe');

-- AlterTable
ALTER TABLE "CallNote" ADD COLUMN     "sharedWithGuests" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "CoordinationCall" ADD COLUMN     "followUpClosedAt" TIMESTAMP(3),
ADD COLUMN     "meetingUrl" TEXT,
ADD COLUMN     "place" TEXT,
ADD COLUMN     "timeSetAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "attachments" JSONB,
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "timeZoneConfirmedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CallAgendaItem" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '',
    "contentLanguage" TEXT NOT NULL DEFAULT 'en',
    "position" INTEGER NOT NULL,
    "proposedById" TEXT NOT NULL,
    "organisationId" TEXT,
    "sharedWithGuests" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallAgendaItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallRsvp" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "userId" TEXT,
    "guestId" TEXT,
    "answer" "RsvpAnswer" NOT NULL,
    "via" TEXT NOT NULL,
    "respondedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallRsvp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallGuest" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "affiliation" TEXT NOT NULL DEFAULT '',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "nonce" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "invitedById" TEXT NOT NULL,
    "lastViewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallGuest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsedLinkToken" (
    "jti" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsedLinkToken_pkey" PRIMARY KEY ("jti")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "CallAgendaItem_callId_position_idx" ON "CallAgendaItem"("callId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "CallRsvp_guestId_key" ON "CallRsvp"("guestId");

-- CreateIndex
CREATE UNIQUE INDEX "CallRsvp_callId_userId_key" ON "CallRsvp"("callId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "CallGuest_callId_email_key" ON "CallGuest"("callId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- AddForeignKey
ALTER TABLE "CallAgendaItem" ADD CONSTRAINT "CallAgendaItem_callId_fkey" FOREIGN KEY ("callId") REFERENCES "CoordinationCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAgendaItem" ADD CONSTRAINT "CallAgendaItem_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallRsvp" ADD CONSTRAINT "CallRsvp_callId_fkey" FOREIGN KEY ("callId") REFERENCES "CoordinationCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallRsvp" ADD CONSTRAINT "CallRsvp_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallRsvp" ADD CONSTRAINT "CallRsvp_guestId_fkey" FOREIGN KEY ("guestId") REFERENCES "CallGuest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallGuest" ADD CONSTRAINT "CallGuest_callId_fkey" FOREIGN KEY ("callId") REFERENCES "CoordinationCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallGuest" ADD CONSTRAINT "CallGuest_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every member gets a time zone: until they choose one, the zone of their first organisation's country
-- (its most populous city's zone, from GeoNames through the city-timezones package, as the app does at
-- sign-up). Members of organisations without a country keep UTC.
UPDATE "User" u SET "timeZone" = z.zone
FROM (VALUES
  ('AD', 'Europe/Andorra'),
  ('AE', 'Asia/Dubai'),
  ('AF', 'Asia/Kabul'),
  ('AG', 'America/Antigua'),
  ('AL', 'Europe/Tirane'),
  ('AM', 'Asia/Yerevan'),
  ('AO', 'Africa/Luanda'),
  ('AR', 'America/Argentina/Buenos_Aires'),
  ('AS', 'Pacific/Pago_Pago'),
  ('AT', 'Europe/Vienna'),
  ('AU', 'Australia/Sydney'),
  ('AW', 'America/Aruba'),
  ('AX', 'Europe/Mariehamn'),
  ('AZ', 'Asia/Baku'),
  ('BA', 'Europe/Sarajevo'),
  ('BB', 'America/Barbados'),
  ('BD', 'Asia/Dhaka'),
  ('BE', 'Europe/Brussels'),
  ('BF', 'Africa/Ouagadougou'),
  ('BG', 'Europe/Sofia'),
  ('BH', 'Asia/Bahrain'),
  ('BI', 'Africa/Bujumbura'),
  ('BJ', 'Africa/Porto-Novo'),
  ('BM', 'Atlantic/Bermuda'),
  ('BN', 'Asia/Brunei'),
  ('BO', 'America/La_Paz'),
  ('BR', 'America/Sao_Paulo'),
  ('BS', 'America/Nassau'),
  ('BT', 'Asia/Thimphu'),
  ('BW', 'Africa/Gaborone'),
  ('BY', 'Europe/Minsk'),
  ('BZ', 'America/Belize'),
  ('CA', 'America/Toronto'),
  ('CD', 'Africa/Kinshasa'),
  ('CF', 'Africa/Bangui'),
  ('CG', 'Africa/Brazzaville'),
  ('CH', 'Europe/Zurich'),
  ('CI', 'Africa/Abidjan'),
  ('CK', 'Pacific/Rarotonga'),
  ('CL', 'America/Santiago'),
  ('CM', 'Africa/Douala'),
  ('CN', 'Asia/Shanghai'),
  ('CO', 'America/Bogota'),
  ('CR', 'America/Costa_Rica'),
  ('CU', 'America/Havana'),
  ('CV', 'Atlantic/Cape_Verde'),
  ('CW', 'America/Curacao'),
  ('CY', 'Asia/Nicosia'),
  ('CZ', 'Europe/Prague'),
  ('DE', 'Europe/Berlin'),
  ('DJ', 'Africa/Djibouti'),
  ('DK', 'Europe/Copenhagen'),
  ('DM', 'America/Dominica'),
  ('DO', 'America/Santo_Domingo'),
  ('DZ', 'Africa/Algiers'),
  ('EC', 'America/Guayaquil'),
  ('EE', 'Europe/Tallinn'),
  ('EG', 'Africa/Cairo'),
  ('EH', 'Africa/El_Aaiun'),
  ('ER', 'Africa/Asmara'),
  ('ES', 'Europe/Madrid'),
  ('ET', 'Africa/Addis_Ababa'),
  ('FI', 'Europe/Helsinki'),
  ('FJ', 'Pacific/Fiji'),
  ('FK', 'Atlantic/Stanley'),
  ('FM', 'Pacific/Pohnpei'),
  ('FO', 'Atlantic/Faroe'),
  ('FR', 'Europe/Paris'),
  ('GA', 'Africa/Libreville'),
  ('GB', 'Europe/London'),
  ('GD', 'America/Grenada'),
  ('GE', 'Asia/Tbilisi'),
  ('GF', 'America/Cayenne'),
  ('GH', 'Africa/Accra'),
  ('GI', 'Europe/Gibraltar'),
  ('GL', 'America/Godthab'),
  ('GM', 'Africa/Banjul'),
  ('GN', 'Africa/Conakry'),
  ('GP', 'America/Guadeloupe'),
  ('GQ', 'Africa/Malabo'),
  ('GR', 'Europe/Athens'),
  ('GS', 'Atlantic/South_Georgia'),
  ('GT', 'America/Guatemala'),
  ('GU', 'Pacific/Guam'),
  ('GW', 'Africa/Bissau'),
  ('GY', 'America/Guyana'),
  ('HK', 'Asia/Hong_Kong'),
  ('HN', 'America/Tegucigalpa'),
  ('HR', 'Europe/Zagreb'),
  ('HT', 'America/Port-au-Prince'),
  ('HU', 'Europe/Budapest'),
  ('ID', 'Asia/Jakarta'),
  ('IE', 'Europe/Dublin'),
  ('IL', 'Asia/Jerusalem'),
  ('IM', 'Europe/Isle_of_Man'),
  ('IN', 'Asia/Kolkata'),
  ('IQ', 'Asia/Baghdad'),
  ('IR', 'Asia/Tehran'),
  ('IS', 'Atlantic/Reykjavik'),
  ('IT', 'Europe/Rome'),
  ('JM', 'America/Jamaica'),
  ('JO', 'Asia/Amman'),
  ('JP', 'Asia/Tokyo'),
  ('KE', 'Africa/Nairobi'),
  ('KG', 'Asia/Bishkek'),
  ('KH', 'Asia/Phnom_Penh'),
  ('KI', 'Pacific/Tarawa'),
  ('KM', 'Indian/Comoro'),
  ('KN', 'America/St_Kitts'),
  ('KP', 'Asia/Pyongyang'),
  ('KR', 'Asia/Seoul'),
  ('KW', 'Asia/Kuwait'),
  ('KY', 'America/Cayman'),
  ('KZ', 'Asia/Almaty'),
  ('LA', 'Asia/Vientiane'),
  ('LB', 'Asia/Beirut'),
  ('LC', 'America/St_Lucia'),
  ('LI', 'Europe/Vaduz'),
  ('LK', 'Asia/Colombo'),
  ('LR', 'Africa/Monrovia'),
  ('LS', 'Africa/Maseru'),
  ('LT', 'Europe/Vilnius'),
  ('LU', 'Europe/Luxembourg'),
  ('LV', 'Europe/Riga'),
  ('LY', 'Africa/Tripoli'),
  ('MA', 'Africa/Casablanca'),
  ('MC', 'Europe/Paris'),
  ('MD', 'Europe/Chisinau'),
  ('ME', 'Europe/Podgorica'),
  ('MG', 'Indian/Antananarivo'),
  ('MH', 'Pacific/Majuro'),
  ('MK', 'Europe/Skopje'),
  ('ML', 'Africa/Bamako'),
  ('MM', 'Asia/Rangoon'),
  ('MN', 'Asia/Ulaanbaatar'),
  ('MO', 'Asia/Macau'),
  ('MP', 'Pacific/Saipan'),
  ('MQ', 'America/Martinique'),
  ('MR', 'Africa/Nouakchott'),
  ('MT', 'Europe/Malta'),
  ('MU', 'Indian/Mauritius'),
  ('MV', 'Indian/Maldives'),
  ('MW', 'Africa/Blantyre'),
  ('MX', 'America/Mexico_City'),
  ('MY', 'Asia/Kuala_Lumpur'),
  ('MZ', 'Africa/Maputo'),
  ('NA', 'Africa/Windhoek'),
  ('NC', 'Pacific/Noumea'),
  ('NE', 'Africa/Niamey'),
  ('NG', 'Africa/Lagos'),
  ('NI', 'America/Managua'),
  ('NL', 'Europe/Amsterdam'),
  ('NO', 'Europe/Oslo'),
  ('NP', 'Asia/Kathmandu'),
  ('NZ', 'Pacific/Auckland'),
  ('OM', 'Asia/Muscat'),
  ('PA', 'America/Panama'),
  ('PE', 'America/Lima'),
  ('PF', 'Pacific/Tahiti'),
  ('PG', 'Pacific/Port_Moresby'),
  ('PH', 'Asia/Manila'),
  ('PK', 'Asia/Karachi'),
  ('PL', 'Europe/Warsaw'),
  ('PR', 'America/Puerto_Rico'),
  ('PS', 'Asia/Gaza'),
  ('PT', 'Europe/Lisbon'),
  ('PW', 'Pacific/Palau'),
  ('PY', 'America/Asuncion'),
  ('QA', 'Asia/Qatar'),
  ('RE', 'Indian/Reunion'),
  ('RO', 'Europe/Bucharest'),
  ('RS', 'Europe/Belgrade'),
  ('RU', 'Europe/Moscow'),
  ('RW', 'Africa/Kigali'),
  ('SA', 'Asia/Riyadh'),
  ('SB', 'Pacific/Guadalcanal'),
  ('SC', 'Indian/Mahe'),
  ('SD', 'Africa/Khartoum'),
  ('SE', 'Europe/Stockholm'),
  ('SG', 'Asia/Singapore'),
  ('SI', 'Europe/Ljubljana'),
  ('SJ', 'Arctic/Longyearbyen'),
  ('SK', 'Europe/Bratislava'),
  ('SL', 'Africa/Freetown'),
  ('SM', 'Europe/San_Marino'),
  ('SN', 'Africa/Dakar'),
  ('SO', 'Africa/Mogadishu'),
  ('SR', 'America/Paramaribo'),
  ('SS', 'Africa/Juba'),
  ('ST', 'Africa/Sao_Tome'),
  ('SV', 'America/El_Salvador'),
  ('SY', 'Asia/Damascus'),
  ('SZ', 'Africa/Mbabane'),
  ('TC', 'America/Grand_Turk'),
  ('TD', 'Africa/Ndjamena'),
  ('TG', 'Africa/Lome'),
  ('TH', 'Asia/Bangkok'),
  ('TJ', 'Asia/Dushanbe'),
  ('TL', 'Asia/Dili'),
  ('TM', 'Asia/Ashgabat'),
  ('TN', 'Africa/Tunis'),
  ('TO', 'Pacific/Tongatapu'),
  ('TR', 'Europe/Istanbul'),
  ('TT', 'America/Port_of_Spain'),
  ('TV', 'Pacific/Funafuti'),
  ('TW', 'Asia/Taipei'),
  ('TZ', 'Africa/Dar_es_Salaam'),
  ('UA', 'Europe/Kyiv'),
  ('UG', 'Africa/Kampala'),
  ('US', 'America/New_York'),
  ('UY', 'America/Montevideo'),
  ('UZ', 'Asia/Tashkent'),
  ('VA', 'Europe/Rome'),
  ('VC', 'America/St_Vincent'),
  ('VE', 'America/Caracas'),
  ('VI', 'America/St_Thomas'),
  ('VN', 'Asia/Ho_Chi_Minh'),
  ('VU', 'Pacific/Efate'),
  ('WS', 'Pacific/Apia'),
  ('YE', 'Asia/Aden'),
  ('YT', 'Indian/Mayotte'),
  ('ZA', 'Africa/Johannesburg'),
  ('ZM', 'Africa/Lusaka'),
  ('ZW', 'Africa/Harare')
) AS z(country, zone)
WHERE u."timeZone" = 'UTC' AND z.country = (
  SELECT o."countryCode" FROM "Membership" m JOIN "Organisation" o ON o.id = m."organisationId"
  WHERE m."userId" = u.id AND o."countryCode" IS NOT NULL ORDER BY m."createdAt", o.id LIMIT 1);
