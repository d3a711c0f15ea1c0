import common from "./common.json";
import countries from "./countries.json";
import coordination from "./coordination.json";
import review from "./review.json";
import engagements from "./engagements.json";
import insight from "./insight.json";
import matching from "./matching.json";
import needs from "./needs.json";
import offers from "./offers.json";
import taxonomy from "./taxonomy.json";
import triage from "./triage.json";
import digest from "./digest.json";
import email from "./email.json";
import account from "./account.json";
import audit from "./audit.json";
import auth from "./auth.json";
import org from "./org.json";
import documents from "./documents.json";
import conversations from "./conversations.json";
import operations from "./operations.json";
import outreach from "./outreach.json";
import home from "./home.json";
import resources from "./resources.json";
import legislation from "./legislation.json";
import impact from "./impact.json";

export default {
  common,
  countries,
  coordination,
  review,
  engagements,
  insight,
  matching,
  needs,
  offers,
  triage,
  taxonomy,
  email,
  digest,
  auth,
  org,
  operations,
  audit,
  account,
  documents,
  outreach,
  conversations,
  home,
  resources,
  legislation,
  impact,
};
