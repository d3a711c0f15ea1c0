import common from "./common.json";
import account from "./account.json";
import audit from "./audit.json";
import auth from "./auth.json";
import org from "./org.json";

export default { common, account, audit, auth, org };
