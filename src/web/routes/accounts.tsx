/**
 * Accounts in the browser: sign-up (under the buurt's join policy), log in
 * and out, one's own settings and password, and one-time reset links.
 *
 * Forms follow Post/Redirect/Get; a refused form is shown again with what
 * was typed (never the password) and a translated message per field.
 * Log-in and sign-up are rate limited per address (and per account name
 * for log-in), answered with 429 and `Retry-After`.
 */
import { type Context, Hono } from "hono";
import {
  changePassword,
  checkResetToken,
  checkSettings,
  checkSignUp,
  joinPolicyOf,
  logIn,
  resetPassword,
  type SettingsError,
  settingsFieldOf,
  signUp,
  type SignUpError,
  type SignUpField,
  signUpFieldOf,
  type SignUpInput,
  updateSettings,
} from "../../app/accounts.ts";
import type { AppContext } from "../../app/context.ts";
import { MIN_PASSWORD_LENGTH } from "../../app/members.ts";
import { handleOf } from "../../domain/actor.ts";
import type { Member } from "../../domain/member.ts";
import { summaryHtmlToBio } from "../../domain/profile.ts";
import type { FieldErrors } from "../../../views/components/forms.tsx";
import type { Translator } from "../../../views/i18n/index.ts";
import { LoginPage } from "../../../views/pages/login.tsx";
import { ResetPage } from "../../../views/pages/reset.tsx";
import { SettingsPage, type SettingsValues } from "../../../views/pages/settings.tsx";
import { SignupPage, type SignupValues, SignupWaitingPage } from "../../../views/pages/signup.tsx";
import type { WebEnv } from "../env.ts";
import { formText } from "../forms.ts";
import { pageContext } from "../page-context.ts";
import {
  clearHits,
  clientAddress,
  countHit,
  LOGIN_FAILURES_PER_ACCOUNT,
  LOGIN_FAILURES_PER_ADDRESS,
  retryAfter,
  SIGNUPS_PER_ADDRESS,
} from "../rate-limit.ts";
import { safeNextPath } from "../reading.ts";
import { renderPage } from "../render.ts";
import { REPEAT_WINDOW_MS } from "../repeats.ts";
import { type CookiePolicy, endSession, startSession } from "../session.ts";

export interface AccountRoutesOptions {
  app: AppContext;
  cookies: CookiePolicy;
  /** Take the client address from `X-Forwarded-For` (behind a trusted reverse proxy). */
  trustProxy: boolean;
}

/** Form field names (snake_case, as in the HTML) of the sign-up use case's fields. */
const SIGN_UP_FORM_FIELDS: Record<SignUpField, keyof SignupValues | "password" | "password_confirmation"> = {
  username: "username",
  displayName: "display_name",
  email: "email",
  password: "password",
  passwordConfirmation: "password_confirmation",
  inviteCode: "invite_code",
};

/** Every error code an account form can show. */
type AccountErrorCode = SignUpError | SettingsError | "password_wrong";

/** The translated message for an account error code. */
export function accountErrorMessage(t: Translator, code: AccountErrorCode): string {
  return t(`account.error.${code}`, { min: MIN_PASSWORD_LENGTH });
}

/**
 * A local path to return to after logging in, or `null`: only `/…`, never
 * `//host` or `/\host` (open redirects), and never back to the log-in or
 * sign-up forms.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (next == null || next.length > 500) return null;
  const path = safeNextPath(next, "");
  return path === "" || /^\/(login|signup|logout)(\/|\?|$)/.test(path) ? null : path;
}

function minutes(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

/** The account routes. */
export function accountRoutes(options: AccountRoutesOptions): Hono<WebEnv> {
  const { app, cookies, trustProxy } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();

  async function policy() {
    return joinPolicyOf(await repos.buurt.get());
  }

  // --- sign-up -------------------------------------------------------------

  async function signupPage(
    c: Context<WebEnv>,
    values: SignupValues,
    errors: FieldErrors,
    status: 200 | 400 | 429,
    alert: string | null = null,
  ) {
    const pc = await pageContext(c, repos, "signup");
    return c.html(
      renderPage(
        <SignupPage
          {...pc}
          csrfToken={c.get("csrfToken")}
          policy={await policy()}
          domain={app.iris.domain}
          values={values}
          errors={errors}
          alert={alert}
        />,
      ),
      status,
    );
  }

  routes.get("/signup", async (c) => {
    if (c.get("viewer") != null) return c.redirect("/", 303);
    const code = c.req.query("code") ?? "";
    return await signupPage(c, { username: "", display_name: "", email: "", invite_code: code }, {}, 200);
  });

  /**
   * The account a repeated sign-up already made (a double click, the browser
   * sending the form again): the same username and e-mail address, created
   * within `REPEAT_WINDOW_MS`, with this very password — so only the person
   * who made it is told, and they get the answer of the first submission
   * instead of "this name is taken".
   */
  async function ownRecentSignUp(input: SignUpInput): Promise<Member | null> {
    const member = await repos.members.findByUsername(input.username.trim().toLowerCase());
    if (member == null || member.email == null || member.email !== input.email.trim().toLowerCase()) return null;
    if (Date.now() - Date.parse(member.createdAt) > REPEAT_WINDOW_MS) return null;
    const hash = await repos.members.getPasswordHash(member.id);
    return hash != null && await app.passwords.verify(hash, input.password) ? member : null;
  }

  /** Where a sign-up leads: the waiting page, or (logged in) the settings with a welcome. */
  async function signedUp(c: Context<WebEnv>, member: Member): Promise<Response> {
    if (member.status !== "active") return c.redirect("/signup/waiting", 303);
    await startSession(c, repos, cookies, member);
    return c.redirect("/settings?welcome=1", 303);
  }

  routes.post("/signup", async (c) => {
    if (c.get("viewer") != null) return c.redirect("/", 303);
    const t = c.get("t");
    const body = await c.req.parseBody();
    const values: SignupValues = {
      username: formText(body, "username"),
      display_name: formText(body, "display_name"),
      email: formText(body, "email"),
      invite_code: formText(body, "invite_code"),
    };
    const address = clientAddress(c, trustProxy);
    const wait = await retryAfter(repos.rateLimits, SIGNUPS_PER_ADDRESS, [address]);
    if (wait != null) {
      c.header("Retry-After", String(wait));
      return await signupPage(c, values, {}, 429, t("signup.rate.limited", { minutes: minutes(wait) }));
    }
    const input: SignUpInput = {
      username: values.username,
      displayName: values.display_name,
      email: values.email,
      password: formText(body, "password"),
      passwordConfirmation: formText(body, "password_confirmation"),
      inviteCode: values.invite_code,
    };
    const problems = await checkSignUp(app, input, await policy());
    if (problems.username === "username_taken") {
      const repeat = await ownRecentSignUp(input);
      if (repeat != null) return await signedUp(c, repeat);
    }
    // In the order of the form, so the error summary reads top to bottom.
    const errors: FieldErrors = {};
    for (const field of Object.keys(SIGN_UP_FORM_FIELDS) as SignUpField[]) {
      const code = problems[field];
      if (code != null) errors[SIGN_UP_FORM_FIELDS[field]] = accountErrorMessage(t, code);
    }
    if (Object.keys(errors).length > 0) return await signupPage(c, values, errors, 400);
    const result = await signUp(app, input);
    if (!result.ok) {
      // A repeat that raced the first submission to the database.
      const repeat = result.error === "username_taken" || result.error === "email_taken" ? await ownRecentSignUp(input) : null;
      if (repeat != null) return await signedUp(c, repeat);
      const field = SIGN_UP_FORM_FIELDS[signUpFieldOf(result.error)];
      return await signupPage(c, values, { [field]: accountErrorMessage(t, result.error) }, 400);
    }
    await countHit(repos.rateLimits, SIGNUPS_PER_ADDRESS, [address]);
    return await signedUp(c, result.value.member);
  });

  routes.get("/signup/waiting", async (c) => {
    const pc = await pageContext(c, repos, "signup");
    return c.html(renderPage(<SignupWaitingPage {...pc} />));
  });

  // --- log in and out --------------------------------------------------------

  async function loginPage(
    c: Context<WebEnv>,
    login: string,
    next: string | null,
    status: 200 | 401 | 403 | 429,
    error: string | null = null,
    notice: string | null = null,
  ) {
    const pc = await pageContext(c, repos, "login");
    return c.html(
      renderPage(
        <LoginPage {...pc} csrfToken={c.get("csrfToken")} login={login} next={next} error={error} notice={notice} />,
      ),
      status,
    );
  }

  routes.get("/login", async (c) => {
    const next = safeNext(c.req.query("next"));
    if (c.get("viewer") != null) return c.redirect(next ?? "/", 303);
    const t = c.get("t");
    const notice = c.req.query("reset") != null
      ? t("login.notice.reset")
      : c.req.query("logged_out") != null
      ? t("login.notice.logged.out")
      : null;
    return await loginPage(c, "", next, 200, null, notice);
  });

  routes.post("/login", async (c) => {
    const t = c.get("t");
    const body = await c.req.parseBody();
    const login = formText(body, "login");
    const next = safeNext(formText(body, "next"));
    const address = clientAddress(c, trustProxy);
    const accountKey = [login.trim().toLowerCase().replace(/^@/, ""), address];
    const wait = Math.max(
      await retryAfter(repos.rateLimits, LOGIN_FAILURES_PER_ACCOUNT, accountKey) ?? 0,
      await retryAfter(repos.rateLimits, LOGIN_FAILURES_PER_ADDRESS, [address]) ?? 0,
    );
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return await loginPage(c, login, next, 429, t("login.rate.limited", { minutes: minutes(wait) }));
    }
    const result = await logIn(app, { login, password: formText(body, "password") });
    if (!result.ok) {
      // Nothing went wrong for someone waiting for approval: a friendly notice, not an error.
      if (result.error === "pending") return await loginPage(c, login, next, 403, null, t("login.error.pending"));
      if (result.error === "suspended") return await loginPage(c, login, next, 403, t("login.error.suspended"));
      await countHit(repos.rateLimits, LOGIN_FAILURES_PER_ACCOUNT, accountKey);
      await countHit(repos.rateLimits, LOGIN_FAILURES_PER_ADDRESS, [address]);
      return await loginPage(c, login, next, 401, t("login.error.invalid"));
    }
    await clearHits(repos.rateLimits, LOGIN_FAILURES_PER_ACCOUNT, accountKey);
    // Session fixation: whatever session this browser had ends; the log-in gets a new id.
    const previous = c.get("sessionId");
    if (previous != null) await repos.sessions.delete(previous);
    await startSession(c, repos, cookies, result.value);
    return c.redirect(next ?? "/", 303);
  });

  routes.post("/logout", async (c) => {
    await endSession(c, repos, cookies);
    return c.redirect("/login?logged_out=1", 303);
  });

  // --- settings ----------------------------------------------------------------

  async function settingsPage(
    c: Context<WebEnv>,
    values: SettingsValues,
    errors: FieldErrors,
    passwordErrors: FieldErrors,
    status: 200 | 400,
    notice: string | null = null,
  ) {
    const viewer = c.get("viewer")!;
    const pc = await pageContext(c, repos, "settings");
    c.header("Cache-Control", "no-store");
    return c.html(
      renderPage(
        <SettingsPage
          {...pc}
          csrfToken={c.get("csrfToken")}
          handle={handleOf(viewer.actor)}
          values={values}
          errors={errors}
          passwordErrors={passwordErrors}
          notice={notice}
        />,
      ),
      status,
    );
  }

  function storedSettings(c: Context<WebEnv>): SettingsValues {
    const { member, actor } = c.get("viewer")!;
    return {
      display_name: actor.name ?? "",
      bio: summaryHtmlToBio(actor.summary),
      locale: member.locale ?? "",
      manually_approves_followers: actor.manuallyApprovesFollowers,
    };
  }

  routes.get("/settings", async (c) => {
    if (c.get("viewer") == null) return c.redirect("/login?next=/settings", 303);
    const t = c.get("t");
    const notice = c.req.query("welcome") != null
      ? t("settings.welcome")
      : c.req.query("saved") != null
      ? t("settings.saved")
      : c.req.query("password") != null
      ? t("settings.password.changed")
      : null;
    return await settingsPage(c, storedSettings(c), {}, {}, 200, notice);
  });

  routes.post("/settings", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return c.redirect("/login?next=/settings", 303);
    const t = c.get("t");
    const body = await c.req.parseBody();
    const values: SettingsValues = {
      display_name: formText(body, "display_name"),
      bio: formText(body, "bio"),
      locale: formText(body, "locale"),
      manually_approves_followers: formText(body, "manually_approves_followers") !== "",
    };
    const input = {
      displayName: values.display_name,
      bio: values.bio,
      locale: values.locale,
      manuallyApprovesFollowers: values.manually_approves_followers,
    };
    const problems = checkSettings(input);
    const errors: FieldErrors = {};
    for (const code of Object.values(problems)) {
      if (code != null) errors[formFieldOfSettings(code)] = accountErrorMessage(t, code);
    }
    if (Object.keys(errors).length > 0) return await settingsPage(c, values, errors, {}, 400);
    const result = await updateSettings(app, { member: viewer.member, ...input });
    if (!result.ok) {
      return await settingsPage(c, values, { [formFieldOfSettings(result.error)]: accountErrorMessage(t, result.error) }, {}, 400);
    }
    return c.redirect("/settings?saved=1", 303);
  });

  routes.post("/settings/password", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return c.redirect("/login?next=/settings", 303);
    const t = c.get("t");
    const body = await c.req.parseBody();
    const result = await changePassword(app, {
      member: viewer.member,
      currentPassword: formText(body, "current_password"),
      newPassword: formText(body, "password"),
      passwordConfirmation: formText(body, "password_confirmation"),
    });
    if (!result.ok) {
      const field = result.error === "password_wrong"
        ? "current_password"
        : result.error === "password_mismatch"
        ? "password_confirmation"
        : "password";
      return await settingsPage(c, storedSettings(c), {}, { [field]: accountErrorMessage(t, result.error) }, 400);
    }
    // Every session of the member ended (log out everywhere); this browser gets a new one.
    await startSession(c, repos, cookies, viewer.member);
    return c.redirect("/settings?password=1", 303);
  });

  // --- password reset links ------------------------------------------------------

  async function resetPage(c: Context<WebEnv>, token: string, username: string | null, errors: FieldErrors, status: 200 | 400 | 404) {
    const pc = await pageContext(c, repos);
    // The token is in the URL: keep it out of Referer headers and caches.
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    return c.html(
      renderPage(
        <ResetPage
          {...pc}
          csrfToken={c.get("csrfToken")}
          username={username}
          action={`/reset/${encodeURIComponent(token)}`}
          errors={errors}
        />,
      ),
      status,
    );
  }

  routes.get("/reset/:token", async (c) => {
    const token = c.req.param("token");
    const found = await checkResetToken(app, token);
    return await resetPage(c, token, found.ok ? found.value.username : null, {}, found.ok ? 200 : 404);
  });

  routes.post("/reset/:token", async (c) => {
    const t = c.get("t");
    const token = c.req.param("token");
    const body = await c.req.parseBody();
    const result = await resetPassword(app, {
      token,
      password: formText(body, "password"),
      passwordConfirmation: formText(body, "password_confirmation"),
    });
    if (!result.ok) {
      if (result.error === "token_invalid") return await resetPage(c, token, null, {}, 404);
      const found = await checkResetToken(app, token);
      const field = result.error === "password_mismatch" ? "password_confirmation" : "password";
      return await resetPage(c, token, found.ok ? found.value.username : null, {
        [field]: accountErrorMessage(t, result.error),
      }, 400);
    }
    const member = result.value;
    const previous = c.get("sessionId");
    if (previous != null) await repos.sessions.delete(previous);
    if (member.status !== "active") {
      await endSession(c, repos, cookies);
      return c.redirect("/login?reset=1", 303);
    }
    await startSession(c, repos, cookies, member);
    return c.redirect("/settings?password=1", 303);
  });

  return routes;
}

function formFieldOfSettings(code: SettingsError): string {
  const field = settingsFieldOf(code);
  return field === "displayName" ? "display_name" : field;
}
