// Shared by the impact services and pages (no server-only imports here).
export const impactDimensions = ["region", "country", "category", "topic"] as const;
