import type { PageCtx } from "../core/page-context";
import { formatDate } from "../ui/format";
import type { ProfileHeader } from "./users.service";

// The top of every profile tab: who, their reputation, and the tabs. Plain data in.

export type ProfileTab = "summaries" | "comments" | "private";

export const profilePath = (username: string) => `/user/${encodeURIComponent(username)}`;

export function ProfileTop(props: { profile: ProfileHeader; tab: ProfileTab; page: PageCtx }) {
  const { profile } = props;
  const base = profilePath(profile.username);
  const isOwner = props.page.user?.username === profile.username;
  return (
    <>
      <header class="profile">
        <h1>{profile.displayName}</h1>
        <p class="profile-meta">
          @{profile.username} ·{" "}
          <a href="/users" title="Average net vote per summary, counting votes older than two days">
            reputation {profile.reputation}
          </a>{" "}
          · member since {formatDate(profile.memberSince)}
          {profile.orcid ? (
            <span>
              {" "}
              · ORCID{" "}
              <a href={`https://orcid.org/${profile.orcid}`} rel="me noopener">
                {profile.orcid}
              </a>
            </span>
          ) : null}
        </p>
        {profile.bioHtml ? (
          <div class="prose bio" dangerouslySetInnerHTML={{ __html: profile.bioHtml }} />
        ) : null}
        {props.page.user && !isOwner ? (
          <p class="profile-report">
            <a href={`/report/user/${encodeURIComponent(profile.username)}`} rel="nofollow">
              Report this person
            </a>
          </p>
        ) : null}
        {isOwner ? (
          <p class="profile-export">
            Export my summaries, private and anonymous ones included:{" "}
            <a href={`${base}/export.csv`} download>
              CSV
            </a>{" "}
            ·{" "}
            <a href={`${base}/export.zip`} download>
              Markdown files (zip)
            </a>
          </p>
        ) : null}
      </header>
      <nav class="tabs" aria-label="Profile">
        <a href={base} aria-current={props.tab === "summaries" ? "page" : undefined}>
          Summaries
        </a>
        <a href={`${base}/comments`} aria-current={props.tab === "comments" ? "page" : undefined}>
          Comments
        </a>
        <a href={`${base}/lists`}>Lists</a>
        {/* The owner's own tab: what the public lists leave out (never shown to anyone else). */}
        {isOwner ? (
          <a href={`${base}/private`} aria-current={props.tab === "private" ? "page" : undefined}>
            Private and anonymous
          </a>
        ) : null}
      </nav>
    </>
  );
}
