// How a name and an address are compared. Uniqueness, login, reset and the rate limits on an
// address all ignore case (and, for an address, the spaces around it): each goes through one
// of these, so a key is never computed two ways.

/** The form a username is compared and stored in as `username_key`. */
export const usernameKey = (username: string): string => username.toLowerCase();

/** The form an address is compared, stored as `email_key` and rate-limited in. */
export const addressKey = (email: string): string => email.trim().toLowerCase();
