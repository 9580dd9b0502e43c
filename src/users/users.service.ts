import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import type { Database } from "../db/schema";
import { listUserSummaries } from "../summaries/summaries.repo";
import { withPaths } from "../summaries/summaries.service";
import type { SummaryView } from "../summaries/summary-view";
import { findUserByUsername, userReputation } from "./users.repo";

export interface ProfilePage {
  username: string;
  displayName: string;
  bioHtml: string;
  orcid: string | null;
  memberSince: string;
  reputation: number;
  summaries: SummaryView[];
}

/** A profile shows only public summaries that carry the user's name. */
export async function getProfile(db: Kysely<Database>, username: string): Promise<ProfilePage> {
  const user = await findUserByUsername(db, username);
  if (!user) throw notFound("That user");
  const rows = await listUserSummaries(db, user.id);
  return {
    username: user.username,
    displayName: user.display_name,
    bioHtml: user.bio_html,
    orcid: user.orcid,
    memberSince: user.created_at,
    reputation: await userReputation(db, user.id),
    summaries: await withPaths(db, rows),
  };
}
