# syntax=docker/dockerfile:1
#
# buurt in a container: the README's quick start (`npm ci`, `npm start`) in
# two stages.  Build:   docker build -t buurt .
#                Run:     docker run -p 8000:8000 -v buurt-data:/data buurt
# See README.md ("Docker") for a public origin, PostgreSQL and workers.

# ---- build: install the dependencies, compiling native addons ------------
# Node 24.18: a better-sqlite3 compiled against 24.19+ headers aborts under GC
# (see README, "Compiling better-sqlite3 yourself?").
FROM node:24.18.1-bookworm-slim AS build

# better-sqlite3 is a native addon: when no prebuilt binary can be fetched it
# compiles with node-gyp, which needs Python, make and a C++ compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Compile against this image's own Node headers instead of downloading them.
ENV npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

COPY package.json package-lock.json ./
# Runtime dependencies only (tsx runs the TypeScript sources; vitest,
# typescript and deno are for development).  package.json's `allowScripts`
# approves the install scripts of better-sqlite3 and esbuild.
RUN npm ci --omit=dev \
 && node -e 'new (require("better-sqlite3"))(":memory:").prepare("select 1").get()'

# ---- runtime ---------------------------------------------------------------
FROM node:24.18.1-bookworm-slim AS runtime

WORKDIR /app
# npm runs scripts with `<script-shell> -c`; bash execs a single command, so
# `docker stop` (SIGTERM to npm) reaches buurt, which then shuts down cleanly
# (with dash in between, the server would be killed without closing).
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=8000 \
    npm_config_update_notifier=false \
    npm_config_script_shell=/bin/bash

# The code and its dependencies stay owned by root (read-only to the server);
# only /data is writable by the unprivileged `node` user (uid 1000).
COPY --from=build /app/node_modules ./node_modules
COPY . .
RUN mkdir -p /data && chown node:node /data

USER node
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e 'fetch("http://127.0.0.1:" + (process.env.PORT || 8000) + "/healthz").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))'

CMD ["npm", "start"]
