// A separate OS process with its own database connection(s), for concurrency tests: it runs
// the writes it is sent all at once and answers when every one has settled. Started by
// startConcurrentWriters (concurrent-writers.ts) with `node --import tsx`.

import { addComment, deleteComment, editComment } from "../../src/comments/comments.service";
import type { CurrentUser } from "../../src/core/current-user";
import { DomainError } from "../../src/core/errors";
import { connect } from "../../src/db/connect";
import { addPaperViews } from "../../src/papers/page-views.repo";
import { renderMarkdown } from "../../src/render";
import { deleteAccount } from "../../src/settings/settings.service";
import { type VoteChoice, voteOnSummary } from "../../src/votes/votes.service";

export type WriterOp =
  | {
      kind: "vote";
      summaryId: number;
      userId: number;
      value: VoteChoice;
      /** The voter is being deleted at the same moment: a refusal is a right answer. */
      voterLeaving?: boolean;
    }
  | { kind: "deleteAccount"; userId: number; mode: "keep" | "remove" }
  | { kind: "views"; paperId: number; day: string; views: number }
  | {
      kind: "comment";
      summaryId: number;
      userId: number;
      source: string;
      parentId?: number;
      /** The parent is being deleted at the same moment: "can't be replied to" is a right answer. */
      parentLeaving?: boolean;
    }
  | { kind: "editComment"; commentId: number; userId: number; source: string }
  | { kind: "deleteComment"; commentId: number; userId: number };

export type WriterRequest = { batch: number; ops: WriterOp[] } | { exit: true };
export type WriterReply = { ready: true } | { batch: number; failures: string[] };

/** A confirmed user as the comment services see one (the writer has no session). */
const writer = (id: number): CurrentUser => ({
  id,
  username: `user${id}`,
  displayName: `User ${id}`,
  role: "user",
  emailVerified: true,
  sessionId: 0,
  csrfToken: "",
});

function run(db: ReturnType<typeof connect>["kysely"], op: WriterOp): Promise<void> {
  switch (op.kind) {
    case "vote":
      return voteOnSummary(db, op).then(
        () => undefined,
        (error: unknown) => {
          if (op.voterLeaving && error instanceof DomainError && error.code === "forbidden") return;
          throw error;
        },
      );
    case "deleteAccount":
      // Test accounts have no password: deletion asks for none.
      return deleteAccount(db, {
        userId: op.userId,
        password: "",
        mode: op.mode,
        ip: "127.0.0.1",
      });
    case "views":
      return addPaperViews(db, op.paperId, op.day, op.views);
    case "comment":
      return addComment(db, async (source) => renderMarkdown(source), op).then(
        () => undefined,
        (error: unknown) => {
          if (op.parentLeaving && error instanceof DomainError && error.code === "invalid") return;
          throw error;
        },
      );
    case "editComment":
      return editComment(db, async (source) => renderMarkdown(source), writer(op.userId), {
        commentId: op.commentId,
        source: op.source,
      }).then(() => undefined);
    case "deleteComment":
      return deleteComment(db, writer(op.userId), op.commentId).then(() => undefined);
  }
}

const url = process.argv[2];
if (!url || !process.send) throw new Error("concurrent-writer: start me through fork(url)");
const db = connect(url);
const send = (reply: WriterReply) => process.send?.(reply);

process.on("message", async (message: WriterRequest) => {
  if ("exit" in message) {
    await db.close();
    process.disconnect();
    return;
  }
  const settled = await Promise.allSettled(message.ops.map((op) => run(db.kysely, op)));
  const failures = settled.flatMap((s, i) =>
    s.status === "rejected" ? [`${JSON.stringify(message.ops[i])}: ${String(s.reason)}`] : [],
  );
  send({ batch: message.batch, failures });
});
send({ ready: true });
