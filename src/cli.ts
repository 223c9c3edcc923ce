/**
 * The `buurt` command line: `serve`, `worker`, `migrate`, `admin …`, `post`,
 * `follow`.  Reads configuration from the environment (and `.env`).
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { approveMember, changeRole, createInvite, createResetLink, setProfessional } from "./app/accounts.ts";
import { followActor } from "./app/follows.ts";
import { formatCode } from "./app/tokens.ts";
import { createMember } from "./app/members.ts";
import { publishPost } from "./app/posts.ts";
import { type Config, CONFIG_VARIABLES, loadConfig } from "./config/config.ts";
import { readEnvironment } from "./config/env.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { listUnavailableHosts } from "./db/repositories/operations.ts";
import { isRole, ROLES } from "./domain/member.ts";
import { VISIBILITIES, type Visibility } from "./domain/post.ts";
import { configureLogging } from "./logging.ts";
import { createBuurt, type ProcessRole } from "./main.ts";

const HELP = `buurt — a federated neighbourhood platform

Usage: buurt <command> [options]

Commands:
  serve                         Serve the web site and ActivityPub, and send deliveries (default)
  serve --web-only              Serve without processing the delivery queue (run workers separately)
  worker                        Process the delivery queue only
  migrate                       Bring the database schema up to date
  admin create-member <username> [--name N] [--email E] [--password P] [--role R]
                                Create an active member (roles: ${ROLES.join(", ")})
  admin approve <username>      Approve a sign-up that waits for approval
  admin set-role <username> <role> [--organisation O] [--function F]
                                Give a member another role (organisation and function for professionals)
  admin reset-link <username>   Print a one-time link (valid 24 hours) to choose a new password
  admin invite [--uses N] [--days D]
                                Make an invite code for N people (default 1), valid D days (default 14; 0: no end)
  admin queue                   List deliveries that gave up, and unavailable servers
  admin queue retry <id>        Try a failed delivery again
  post --as <username> [--visibility V] [--cw TEXT] <text>
                                Publish a post as a member (visibility: ${VISIBILITIES.join(", ")})
  follow --as <username> <actor-iri-or-handle>
                                Follow an account on another server

Configuration comes from environment variables (or a .env file):
${CONFIG_VARIABLES.map((v) => `  ${v.name.padEnd(28)} ${v.description} (default: ${v.default})`).join("\n")}
`;

function fail(message: string): never {
  console.error(`buurt: ${message}`);
  process.exit(2);
}

function configOrExit(): Config {
  const result = loadConfig(readEnvironment());
  if (!result.ok) {
    console.error("buurt: the configuration has problems:");
    for (const e of result.errors) console.error(`  - ${e}`);
    process.exit(2);
  }
  return result.config;
}

async function withBuurt<T>(role: ProcessRole, run: (b: Awaited<ReturnType<typeof createBuurt>>) => Promise<T>) {
  const config = configOrExit();
  await configureLogging(config.logLevel);
  const buurt = await createBuurt(config, { role });
  try {
    return await run(buurt);
  } finally {
    await buurt.close();
  }
}

async function serve(webOnly: boolean): Promise<void> {
  const config = configOrExit();
  await configureLogging(config.logLevel);
  const buurt = await createBuurt(config, { role: webOnly ? "web" : "all" });
  const { port } = await buurt.listen();
  const buurtInfo = await buurt.app.repos.buurt.get();
  console.log(
    `buurt: serving ${buurtInfo?.actor.name} (@${config.buurt.handle}@${config.domain}) at ${config.origin.href} ` +
      `(listening on ${config.listen.host}:${port}, ${config.database.kind})`,
  );
  const stop = async () => {
    console.log("buurt: stopping…");
    await buurt.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function worker(): Promise<void> {
  const config = configOrExit();
  await configureLogging(config.logLevel);
  const buurt = await createBuurt(config, { role: "worker" });
  console.log(`buurt: worker processing deliveries for ${config.origin.href}`);
  const stop = async () => {
    await buurt.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await buurt.startQueue();
}

async function migrate(): Promise<void> {
  const config = configOrExit();
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length === 0 ? "buurt: database is up to date" : `buurt: applied ${applied.join(", ")}`);
  } finally {
    await database.close();
  }
}

async function admin(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === "create-member") {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        name: { type: "string" },
        email: { type: "string" },
        password: { type: "string" },
        role: { type: "string", default: "resident" },
      },
    });
    const username = positionals[0] ?? fail("admin create-member needs a username");
    if (!isRole(values.role!)) fail(`unknown role "${values.role}"; use one of ${ROLES.join(", ")}`);
    await withBuurt("cli", async (buurt) => {
      const result = await createMember(buurt.app, {
        username,
        displayName: values.name ?? null,
        email: values.email ?? null,
        password: values.password ?? null,
        role: values.role as (typeof ROLES)[number],
        status: "active",
      });
      if (!result.ok) fail(`cannot create member: ${result.error}`);
      console.log(`buurt: created @${result.value.username}@${buurt.config.domain} (${result.value.role})`);
      console.log(`  actor: ${buurt.app.iris.actor(result.value.username)}`);
    });
    return;
  }
  if (sub === "approve") {
    const username = rest[0] ?? fail("admin approve needs a username");
    await withBuurt("cli", async (buurt) => {
      const member = await buurt.app.repos.members.findByUsername(username.replace(/^@/, ""));
      if (member == null) fail(`no member "${username}"`);
      const result = await approveMember(buurt.app, { by: null, memberId: member.id });
      if (!result.ok) fail(result.error === "not_pending" ? `@${member.username} is not waiting for approval (${member.status})` : result.error);
      console.log(`buurt: approved @${result.value.username}; they can log in now`);
    });
    return;
  }
  if (sub === "set-role") {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { organisation: { type: "string" }, function: { type: "string" } },
    });
    const username = positionals[0] ?? fail("admin set-role needs a username and a role");
    const role = positionals[1] ?? fail(`admin set-role needs a role: ${ROLES.join(", ")}`);
    if (!isRole(role)) fail(`unknown role "${role}"; use one of ${ROLES.join(", ")}`);
    await withBuurt("cli", async (buurt) => {
      const member = await buurt.app.repos.members.findByUsername(username.replace(/^@/, ""));
      if (member == null) fail(`no member "${username}"`);
      if (values.organisation != null || values.function != null) {
        const details = await setProfessional(buurt.app, {
          by: null,
          memberId: member.id,
          organisation: values.organisation ?? member.organisation,
          jobTitle: values.function ?? member.jobTitle,
        });
        if (!details.ok) fail(`cannot set organisation and function: ${details.error}`);
      }
      const result = await changeRole(buurt.app, { by: null, memberId: member.id, role });
      if (!result.ok) fail(`cannot change the role: ${result.error}`);
      const m = result.value;
      const details = m.role === "professional" ? [m.jobTitle, m.organisation].filter(Boolean).join(" · ") : "";
      console.log(`buurt: @${m.username} is now ${m.role}${details ? ` (${details})` : ""}`);
    });
    return;
  }
  if (sub === "reset-link") {
    const username = rest[0] ?? fail("admin reset-link needs a username");
    await withBuurt("cli", async (buurt) => {
      const result = await createResetLink(buurt.app, { by: null, username });
      if (!result.ok) fail(`no member "${username}"`);
      console.log(`buurt: one-time link for @${result.value.member.username} (valid until ${result.value.expiresAt}):`);
      console.log(result.value.url);
    });
    return;
  }
  if (sub === "invite") {
    const { values } = parseArgs({
      args: rest,
      options: { uses: { type: "string", default: "1" }, days: { type: "string", default: "14" } },
    });
    const days = Number(values.days);
    await withBuurt("cli", async (buurt) => {
      const result = await createInvite(buurt.app, {
        by: null,
        maxUses: Number(values.uses),
        expiresInDays: days === 0 ? null : days,
      });
      if (!result.ok) {
        fail(result.error === "max_uses_invalid" ? "--uses must be a whole number from 1 to 100" : "--days must be 0 to 365");
      }
      const invite = result.value;
      console.log(`buurt: invite code ${formatCode(invite.code)} for ${invite.maxUses} ${invite.maxUses === 1 ? "person" : "people"}` +
        (invite.expiresAt == null ? ", no end date" : `, valid until ${invite.expiresAt}`));
      console.log(`  sign-up page: ${buurt.app.iris.origin}/signup?code=${formatCode(invite.code)}`);
    });
    return;
  }
  if (sub === "queue") {
    await withBuurt("cli", async (buurt) => {
      if (rest[0] === "retry") {
        const id = rest[1] ?? fail("admin queue retry needs a message id");
        const retried = await buurt.queue.retryFailed(id);
        console.log(retried ? `buurt: ${id} will be tried again` : `buurt: no failed delivery ${id}`);
        return;
      }
      const failed = await buurt.queue.listFailed(50);
      console.log(failed.length === 0 ? "No deliveries gave up." : "Deliveries that gave up:");
      for (const f of failed) console.log(`  ${f.id}  attempts=${f.attempts}  ${f.lastError ?? ""}`);
      const hosts = await listUnavailableHosts(buurt.database.db);
      console.log(hosts.length === 0 ? "All known servers are reachable." : "Unavailable servers:");
      for (const h of hosts) console.log(`  ${h.host}  ${h.state} since ${h.changedAt}`);
    });
    return;
  }
  fail(`unknown admin command "${sub ?? ""}"\n\n${HELP}`);
}

async function post(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { as: { type: "string" }, visibility: { type: "string", default: "public" }, cw: { type: "string" } },
  });
  const username = values.as ?? fail("post needs --as <username>");
  const text = positionals.join(" ");
  if (!VISIBILITIES.includes(values.visibility as Visibility)) fail(`unknown visibility "${values.visibility}"`);
  await withBuurt("cli", async (buurt) => {
    const result = await publishPost(buurt.app, {
      authorUsername: username,
      text,
      visibility: values.visibility as Visibility,
      summary: values.cw ?? null,
    });
    if (!result.ok) fail(`cannot post: ${result.error}`);
    console.log(`buurt: posted ${result.value.iri}`);
  });
}

async function follow(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: "string" } } });
  const username = values.as ?? fail("follow needs --as <username>");
  const query = positionals[0] ?? fail("follow needs an actor IRI or handle");
  await withBuurt("cli", async (buurt) => {
    const target = await buurt.lookup.resolveActor(query);
    if (!target.ok) fail(`cannot find ${query}: ${target.error}`);
    const result = await followActor(buurt.app, { followerUsername: username, target: target.value });
    if (!result.ok) fail(`cannot follow: ${result.error}`);
    console.log(`buurt: @${username} follows ${target.value.iri} (${result.value.status})`);
  });
}

/** Runs the command line. */
export async function main(argv: string[]): Promise<void> {
  const [command = "serve", ...rest] = argv;
  switch (command) {
    case "serve":
      return await serve(rest.includes("--web-only"));
    case "worker":
      return await worker();
    case "migrate":
      return await migrate();
    case "admin":
      return await admin(rest);
    case "post":
      return await post(rest);
    case "follow":
      return await follow(rest);
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return;
    default:
      fail(`unknown command "${command}"\n\n${HELP}`);
  }
}

if (import.meta.main ?? process.argv[1]?.endsWith("cli.ts")) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`buurt: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
