import {
  banUser,
  createUserByOperator,
  ROLES,
  type Role,
  setRole,
  unbanUser,
} from "../auth/admin.service";
import { DomainError } from "../core/errors";
import type { Runtime } from "./runtime";

export const USER_USAGE = `shortscience user create NAME [--email ADDRESS] [--admin | --moderator]
shortscience user role NAME user|moderator|admin
shortscience user ban NAME
shortscience user unban NAME`;

/** Account administration from the operator's shell. */
export async function runUserCommand(
  rt: Runtime,
  args: string[],
  out: (line: string) => void,
): Promise<number> {
  const [action, name, ...rest] = args;
  if (!action || !name) {
    out(USER_USAGE);
    return 2;
  }
  try {
    switch (action) {
      case "create": {
        const emailAt = rest.indexOf("--email");
        const email = emailAt >= 0 ? (rest[emailAt + 1] ?? null) : null;
        const role: Role = rest.includes("--admin")
          ? "admin"
          : rest.includes("--moderator")
            ? "moderator"
            : "user";
        const created = await createUserByOperator(
          { db: rt.db.kysely, mailer: rt.mailer, baseUrl: rt.config.baseUrl },
          { username: name, email, role },
        );
        out(
          `created ${name} (${role}). Set its password within an hour at:\n  ${created.passwordLink}`,
        );
        return 0;
      }
      case "role": {
        const role = rest[0];
        if (!ROLES.includes(role as Role)) {
          out(`the role must be one of ${ROLES.join(", ")}`);
          return 2;
        }
        await setRole(rt.db.kysely, name, role as Role);
        out(`${name} is now ${role}`);
        return 0;
      }
      case "ban":
        out(`${name} is banned; ${await banUser(rt.db.kysely, name)} session(s) ended`);
        return 0;
      case "unban":
        await unbanUser(rt.db.kysely, name);
        out(`${name} may log in again`);
        return 0;
      default:
        out(USER_USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof DomainError) {
      out(`shortscience user: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
