// Constants shared by the review pages' server code and components (no server-only imports here).
export const REVIEW_PAGE_SIZE = 10;
export const PROPOSALS_PAGE_SIZE = 20;
