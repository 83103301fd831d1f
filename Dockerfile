# syntax=docker/dockerfile:1
# One image for every role: `web` (the default), `worker`, `migrate`, `seed`, `user-create`
# (scripts/docker-entrypoint.sh). compose.yaml shows them together; docs/OPERATIONS.md explains upgrades,
# backups and scaling. Not built on the development machines (no container engine there): what was and
# was not exercised is listed in docs/OPERATIONS.md, "Containers".
ARG NODE_VERSION=20.20.2

# Everything installed, the Prisma client generated (postinstall).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/postinstall.mjs scripts/
COPY prisma prisma
RUN npm ci --no-audit --no-fund

# The web app built as Next.js does for `npm test`: type-checked, standalone (.next/standalone, completed
# by scripts/standalone.mjs). Then only the runtime dependencies are kept, for the worker and the jobs.
FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# The worker and the jobs run the TypeScript sources with tsx (a runtime dependency).
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/lib lib
COPY --from=build /app/prisma prisma
COPY --from=build /app/scripts scripts
# The web server needs nothing else: the standalone build carries the node_modules it uses. The user may
# write its cache.
COPY --from=build --chown=node:node /app/.next/standalone web
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["web"]
