// Constants shared by the insight services and the dashboard (no server-only imports here).
export const insightGroups = ["category", "region", "month"] as const;
export const insightPeriods = ["30", "90", "365", "730", "all"] as const;
export const loadBuckets = ["0", "1", "2", "3-5", "6+"] as const;
