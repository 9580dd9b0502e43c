/** The logged-in user as every layer may know it: resolved from the session cookie. */
export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: "user" | "moderator" | "admin";
  emailVerified: boolean;
  sessionId: number;
  csrfToken: string;
}
