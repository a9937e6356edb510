# One image for the API and the worker (docker-compose.yml runs it with different commands).
#   docker build -t hospital-petitions .
# Stage 1 installs dependencies and generates the Prisma client; stage 2 bundles the workflows ahead of time;
# the last stage carries only production dependencies, the sources (run by tsx) and dist/workflow-bundle.js.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts run after the sources are in place (postinstall needs prisma/schema.prisma).
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm rebuild && node infra/prisma-generate.js \
 && npx tsx infra/ops/build-workflow-bundle.ts dist/workflow-bundle.js \
 && npm prune --omit=dev --ignore-scripts

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    METRICS_PORT=9100 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json /app/tsconfig.json /app/prisma.config.ts ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/generated ./generated
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/activities ./activities
COPY --from=build --chown=node:node /app/config ./config
COPY --from=build --chown=node:node /app/infra ./infra
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/services ./services
COPY --from=build --chown=node:node /app/workflows ./workflows
USER node
EXPOSE 3000 9100 9464
# tsx runs the TypeScript sources directly and is the process that receives SIGTERM (no npm in between).
ENTRYPOINT ["node_modules/.bin/tsx"]
CMD ["services/api.ts"]
