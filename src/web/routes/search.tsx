/**
 * Search: neighbours by name or username, and anyone on the fediverse by
 * handle (`@naam@server.nl`) or URL, looked up with WebFinger or a signed
 * fetch (`RemoteLookup.resolveActor`).  Looking up other servers is for
 * logged-in members only, so visitors cannot make the server fetch URLs.
 */
import { Hono } from "hono";
import type { AppContext } from "../../app/context.ts";
import type { RemoteLookup } from "../../app/ports.ts";
import { normaliseQuery } from "../../domain/search.ts";
import { SearchPage } from "../../../views/pages/search.tsx";
import type { WebEnv } from "../env.ts";
import { currentPath, pageContext } from "../page-context.ts";
import { presentActor } from "../presenters.ts";
import { badgeLookup, followStateOf, noticeOf } from "../reading.ts";
import { renderPage } from "../render.ts";

/** Members shown for a name search. */
const MEMBER_RESULTS = 20;
/** How long the page waits for another server to answer. */
const LOOKUP_WAIT_MS = 10_000;

/** The search route. */
export function searchRoutes(options: { app: AppContext; lookup: RemoteLookup }): Hono<WebEnv> {
  const { app, lookup } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();

  /** An actor this buurt already stored, by `@user@host` or by IRI. */
  async function storedActor(query: string) {
    const handle = /^@([^@\s/]+)@([^@\s/]+)$/.exec(query);
    if (handle != null) return await repos.actors.findByHandle(handle[1]!, handle[2]!);
    return await repos.actors.findByIri(query);
  }

  routes.get("/search", async (c) => {
    const pc = await pageContext(c, repos, "search");
    const { t } = pc;
    const viewer = c.get("viewer");
    const query = (c.req.query("q") ?? "").slice(0, 300);
    const kind = normaliseQuery(query);
    const badgeOf = badgeLookup(repos, t);

    let found = null;
    let lookupError: string | null = null;
    if (kind.type === "remote") {
      if (viewer == null) {
        lookupError = t("search.error.login");
      } else {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const result = await Promise.race([
          lookup.resolveActor(kind.query),
          new Promise<null>((resolve) => {
            timer = setTimeout(() => resolve(null), LOOKUP_WAIT_MS);
          }),
        ]).finally(() => clearTimeout(timer));
        // When the other server does not answer, a copy this buurt already has will do.
        const stored = result?.ok ? null : await storedActor(kind.query);
        if (stored != null) {
          found = { actor: presentActor(stored, { badge: await badgeOf(stored) }), state: await followStateOf(repos, viewer, stored) };
        } else if (result == null) lookupError = t("search.error.timeout");
        else if (!result.ok) {
          lookupError = result.error === "invalid_query"
            ? t("search.error.invalid")
            : result.error === "not_an_actor"
            ? t("search.error.not.actor")
            : t("search.error.not.found", { query: kind.query });
        } else {
          found = {
            actor: presentActor(result.value, { badge: await badgeOf(result.value) }),
            state: await followStateOf(repos, viewer, result.value),
          };
        }
      }
    }

    const members = [];
    if (kind.type === "name") {
      for (const actor of await repos.actors.searchLocal(kind.query, MEMBER_RESULTS)) {
        members.push({
          actor: presentActor(actor, { badge: await badgeOf(actor) }),
          state: await followStateOf(repos, viewer, actor),
        });
      }
    }

    return c.html(renderPage(
      <SearchPage
        {...pc}
        query={query}
        found={found}
        lookupError={lookupError}
        members={members}
        canLookUp={viewer != null}
        csrfToken={c.get("csrfToken")}
        path={currentPath(c)}
        notice={await noticeOf(c, repos)}
      />,
    ));
  });

  return routes;
}
