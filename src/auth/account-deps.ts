import type { C } from "../http/route-helpers";
import type { AccountDeps } from "./accounts.service";

/** What the account services need, taken from a request's context. */
export const accountDeps = (c: C): AccountDeps => ({
  db: c.get("deps").db,
  mailer: c.get("deps").mailer,
  baseUrl: c.get("deps").config.baseUrl,
});
