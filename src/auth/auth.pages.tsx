import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { clearSessionCookie, setSessionCookie } from "../http/cookies";
import { csrfTokenFor } from "../http/csrf";
import { formFields, withFormErrors } from "../http/forms";
import { safeNextPath } from "../http/next-path";
import { type C, isHttps as https, ipOf as ip, formPage as page } from "../http/route-helpers";
import { CsrfField, Field, FormCard, FormMessage } from "../ui/forms";
import { withNext } from "../ui/next-link";
import { accountDeps } from "./account-deps";
import { isResetLinkUsable, logIn, requestPasswordReset, resetPassword } from "./accounts.service";
import { LinkDidNotWork, NewPasswordField } from "./auth-forms.view";
import { endSession } from "./sessions.service";
import { signUpPages } from "./signup.pages";

const LOGIN_NOTICES = new Map([["reset", "Your password was changed. Log in with the new one."]]);

function LoginForm(props: {
  csrf: string;
  login?: string;
  error?: string;
  notice?: string;
  /** The OpenID Connect provider's name (ORCID) when sign-in with it is configured. */
  oidcName?: string | undefined;
  /** A checked path of ours to return to after logging in, whichever way. */
  next: string | null;
}) {
  return (
    <FormCard title="Log in">
      <FormMessage error={props.error} notice={props.notice} />
      <form method="post" action={withNext("/login", props.next)}>
        <CsrfField token={props.csrf} />
        <Field
          label="Username or e-mail"
          name="login"
          value={props.login}
          autocomplete="username"
        />
        <Field label="Password" name="password" type="password" autocomplete="current-password" />
        <button class="button" type="submit">
          Log in
        </button>
      </form>
      <p>
        <a href="/reset">Forgot your password?</a> ·{" "}
        <a href={withNext("/signup", props.next)}>Create an account</a>
      </p>
      {props.oidcName ? (
        <p>
          <a class="button secondary" href={withNext("/auth/oidc/start", props.next)}>
            Sign in with {props.oidcName}
          </a>
        </p>
      ) : null}
    </FormCard>
  );
}

export function authPages() {
  const app = new Hono<AppEnv>();
  app.route("/", signUpPages());

  app.get("/login", (c) =>
    page(
      c,
      "Log in",
      <LoginForm
        csrf={csrfTokenFor(c, https(c))}
        oidcName={c.get("deps").config.oidc?.name}
        notice={LOGIN_NOTICES.get(c.req.query("notice") ?? "")}
        next={safeNextPath(c.req.query("next"))}
      />,
    ),
  );
  app.post("/login", async (c) => {
    const field = await formFields(c);
    // The form's address carries `next`, so a refused login keeps it too.
    const next = safeNextPath(c.req.query("next"));
    return withFormErrors(
      async () => {
        const token = await logIn(accountDeps(c), {
          login: field("login"),
          password: field("password"),
          ip: ip(c),
          userAgent: c.req.header("User-Agent") ?? "",
        });
        setSessionCookie(c, https(c), token);
        return c.redirect(next ?? "/", 303);
      },
      // The submitted password is never sent back.
      (error, status) =>
        page(
          c,
          "Log in",
          <LoginForm
            csrf={csrfTokenFor(c, https(c))}
            login={field("login")}
            error={error}
            oidcName={c.get("deps").config.oidc?.name}
            next={next}
          />,
          status,
        ),
    );
  });

  app.post("/logout", async (c) => {
    const user = c.get("user");
    if (user) await endSession(c.get("deps").db, user.sessionId);
    clearSessionCookie(c, https(c));
    return c.redirect("/", 303);
  });

  const ResetRequest = (props: { csrf: string; sent?: boolean }) => (
    <FormCard title="Reset your password">
      <FormMessage
        notice={
          props.sent
            ? "If an account uses that address, we sent it a link to choose a new password. It works for one hour."
            : null
        }
      />
      <form method="post" action="/reset">
        <CsrfField token={props.csrf} />
        <Field
          label="E-mail address of your account"
          name="email"
          type="email"
          autocomplete="email"
        />
        <button class="button" type="submit">
          Send me a link
        </button>
      </form>
    </FormCard>
  );
  app.get("/reset", (c) =>
    page(c, "Reset your password", <ResetRequest csrf={csrfTokenFor(c, https(c))} />),
  );
  app.post("/reset", async (c) => {
    const field = await formFields(c);
    const { delivered } = await requestPasswordReset(accountDeps(c), {
      email: field("email"),
      ip: ip(c),
    });
    // The link is mailed after the answer, so that the answer's time says nothing either.
    delivered.catch((error: unknown) =>
      c.get("deps").logger.error({ err: error }, "could not send a password reset mail"),
    );
    return page(c, "Reset your password", <ResetRequest csrf={csrfTokenFor(c, https(c))} sent />);
  });

  const NewPasswordForm = (props: { csrf: string; token: string; error?: string }) => (
    <FormCard title="Choose a new password">
      <FormMessage error={props.error} />
      <form method="post" action={`/reset/${encodeURIComponent(props.token)}`}>
        <CsrfField token={props.csrf} />
        <NewPasswordField label="New password" name="password" />
        <button class="button" type="submit">
          Set the new password
        </button>
      </form>
    </FormCard>
  );
  const badLink = (c: C) =>
    page(
      c,
      "Link not valid",
      <LinkDidNotWork>
        <p>
          Reset links work once, for one hour. <a href="/reset">Ask for a new one</a>.
        </p>
      </LinkDidNotWork>,
      400,
    );
  app.get("/reset/:token", async (c) => {
    const token = c.req.param("token");
    if (!(await isResetLinkUsable(c.get("deps").db, token))) return badLink(c);
    return page(
      c,
      "Choose a new password",
      <NewPasswordForm csrf={csrfTokenFor(c, https(c))} token={token} />,
    );
  });
  app.post("/reset/:token", async (c) => {
    const token = c.req.param("token");
    const field = await formFields(c);
    return withFormErrors(
      async () => {
        await resetPassword(accountDeps(c), { token, password: field("password") });
        clearSessionCookie(c, https(c));
        return c.redirect("/login?notice=reset", 303);
      },
      (error, status) =>
        page(
          c,
          "Choose a new password",
          <NewPasswordForm csrf={csrfTokenFor(c, https(c))} token={token} error={error} />,
          status,
        ),
    );
  });

  return app;
}
