// Constants shared by the insight services and the dashboard (no server-only imports here).
// "context": the needs' civic-space context — closing vs opening space as a dimension (issue 23).
export const insightGroups = ["category", "region", "month", "context"] as const;
export const insightPeriods = ["30", "90", "365", "730", "all"] as const;
export const loadBuckets = ["0", "1", "2", "3-5", "6+"] as const;
