// Shared by pages (client) and services.
import type { Region } from "~/generated/prisma/enums";

export const regions: Region[] = [
  "latin_america_caribbean",
  "north_america",
  "europe_central_asia",
  "middle_east_north_africa",
  "sub_saharan_africa",
  "asia_pacific",
];
