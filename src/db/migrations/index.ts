import type { Migration, MigrationProvider } from "kysely";
import type { DialectName } from "../dialect";
import { initialMigration } from "./2026-11-26T2000-initial";
import { metadataCacheMigration } from "./2026-11-26T2100-metadata-cache";
import { accountsMigration } from "./2026-11-26T2200-accounts";
import { paperProvenanceMigration } from "./2026-11-27T1200-paper-provenance";
import { emailKeyBackfillMigration } from "./2026-11-27T1300-email-key-backfill";
import { pendingSignupsMigration } from "./2026-11-27T1400-pending-signups";
import { notificationsMigration } from "./2026-11-28T1000-notifications";
import { moderationMigration } from "./2026-11-28T1100-moderation";
import { searchMigration } from "./2026-11-28T1200-search";
import { apiTokensMigration } from "./2026-11-28T1300-api-tokens";
import { readingListsMigration } from "./2026-11-28T1400-reading-lists";
import { legacyKeysMigration } from "./2026-11-28T1500-legacy-keys";
import { summaryExcerptsMigration } from "./2026-11-28T1600-summary-excerpts";
import { signupBrowserMigration } from "./2026-11-28T1700-signup-browser";
import { mailCommentMigration } from "./2026-11-28T1800-mail-comment";
import { searchPrefixMigration } from "./2026-11-29T1000-search-prefix";
import { cacheTagsMigration } from "./2026-11-29T1100-cache-tags";
import { searchFiltersMigration } from "./2026-11-29T1200-search-filters";
import { searchSummaryFiltersMigration } from "./2026-11-30T1000-search-summary-filters";
import { searchCopyRowLocksMigration } from "./2026-12-01T1000-search-copy-row-locks";
import { searchFilterIndexesMigration } from "./2026-12-02T1000-search-filter-indexes";
import { searchAuthorRowLocksMigration } from "./2026-12-03T1000-search-author-row-locks";
import { homeListingIndexesMigration } from "./2026-12-04T1000-home-listing-indexes";
import { sqliteSummaryListingMigration } from "./2026-12-04T1100-sqlite-summary-listing";
import { profileListingIndexMigration } from "./2026-12-05T1000-profile-listing-index";
import { searchFacetsMigration } from "./2026-12-06T1000-search-facets";

/** Migrations in order of their names; each is written once and never edited. */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        "2026-11-26T2000-initial": initialMigration(dialect),
        "2026-11-26T2100-metadata-cache": metadataCacheMigration(),
        "2026-11-26T2200-accounts": accountsMigration(dialect),
        "2026-11-27T1200-paper-provenance": paperProvenanceMigration(),
        "2026-11-27T1300-email-key-backfill": emailKeyBackfillMigration(),
        "2026-11-27T1400-pending-signups": pendingSignupsMigration(dialect),
        "2026-11-28T1000-notifications": notificationsMigration(dialect),
        "2026-11-28T1100-moderation": moderationMigration(dialect),
        "2026-11-28T1200-search": searchMigration(dialect),
        "2026-11-28T1300-api-tokens": apiTokensMigration(dialect),
        "2026-11-28T1400-reading-lists": readingListsMigration(dialect),
        "2026-11-28T1500-legacy-keys": legacyKeysMigration(dialect),
        "2026-11-28T1600-summary-excerpts": summaryExcerptsMigration(),
        "2026-11-28T1700-signup-browser": signupBrowserMigration(),
        "2026-11-28T1800-mail-comment": mailCommentMigration(),
        "2026-11-29T1000-search-prefix": searchPrefixMigration(dialect),
        "2026-11-29T1100-cache-tags": cacheTagsMigration(),
        "2026-11-29T1200-search-filters": searchFiltersMigration(dialect),
        "2026-11-30T1000-search-summary-filters": searchSummaryFiltersMigration(dialect),
        "2026-12-01T1000-search-copy-row-locks": searchCopyRowLocksMigration(dialect),
        "2026-12-02T1000-search-filter-indexes": searchFilterIndexesMigration(dialect),
        "2026-12-03T1000-search-author-row-locks": searchAuthorRowLocksMigration(dialect),
        "2026-12-04T1000-home-listing-indexes": homeListingIndexesMigration(),
        "2026-12-04T1100-sqlite-summary-listing": sqliteSummaryListingMigration(dialect),
        "2026-12-05T1000-profile-listing-index": profileListingIndexMigration(),
        "2026-12-06T1000-search-facets": searchFacetsMigration(dialect),
      };
    },
  };
}
