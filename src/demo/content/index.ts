export type { DemoComment, DemoVote } from "./discussion";
export { demoComments, demoVotes } from "./discussion";
export type { DemoPaper } from "./papers";
export { demoPapers } from "./papers";
export type { DemoSummary } from "./summaries";
export { demoSummaries } from "./summaries";
export type { DemoUser } from "./users";
export { demoUsers } from "./users";
