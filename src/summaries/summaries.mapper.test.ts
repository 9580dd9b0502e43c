import { describe, expect, it } from "vitest";
import { toOwnSummary, toSummaryView } from "./summaries.mapper";
import type { SummaryListRow } from "./summaries.repo";

const row: SummaryListRow = {
  id: 7,
  paper_id: 3,
  html: "<p>Hi</p>",
  score: 2,
  is_anonymous: 0,
  paper_version: 1,
  created_at: "2024-01-01T00:00:00.000Z",
  updated_at: "2024-02-01T00:00:00.000Z",
  edited_at: "2024-02-01T00:00:00.000Z",
  paper_title: "A paper",
  paper_arxiv_version: 3,
  author_username: "ada",
  author_display_name: "Ada",
  comment_count: 4,
};

describe("toSummaryView", () => {
  it("maps a row to what pages may know, with the paper's path", () => {
    expect(toSummaryView(row, "/paper/arxiv/2001.00001")).toEqual({
      id: 7,
      paperId: 3,
      paperTitle: "A paper",
      paperPath: "/paper/arxiv/2001.00001",
      html: "<p>Hi</p>",
      score: 2,
      createdAt: "2024-01-01T00:00:00.000Z",
      updatedAt: "2024-02-01T00:00:00.000Z",
      editedAt: "2024-02-01T00:00:00.000Z",
      author: { username: "ada", displayName: "Ada" },
      paperVersion: 1,
      paperLatestVersion: 3,
      comments: [],
      commentCount: 4,
    });
  });

  it("leaves out an anonymous summary's author entirely", () => {
    const view = toSummaryView({ ...row, is_anonymous: 1 }, "/p");
    expect(view.author).toBeNull();
    expect(JSON.stringify(view)).not.toContain("ada");
  });

  it("reads a missing comment count as 0", () => {
    expect(toSummaryView({ ...row, comment_count: null }, "/p").commentCount).toBe(0);
  });

  it("keeps the comments it is given", () => {
    const comment = {
      id: 1,
      html: "<p>c</p>",
      createdAt: "2024-03-01T00:00:00.000Z",
      author: { username: "bo", displayName: "Bo" },
      editedAt: null,
      removed: null,
      replies: [],
    };
    expect(toSummaryView(row, "/p", [comment]).comments).toEqual([comment]);
  });
});

describe("toOwnSummary", () => {
  it("turns the stored 0/1 flags into booleans", () => {
    const own = { id: 1, source: "text", share_token: "tok", deleted_at: null };
    expect(toOwnSummary({ ...own, is_private: 1, is_anonymous: 0 })).toEqual({
      id: 1,
      source: "text",
      isPrivate: true,
      isAnonymous: false,
      shareToken: "tok",
      deletedAt: null,
    });
    expect(toOwnSummary({ ...own, is_private: 0, is_anonymous: 1 })).toMatchObject({
      isPrivate: false,
      isAnonymous: true,
    });
  });
});
