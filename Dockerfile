# casebot (案例通). Two stages: the first installs every dependency and compiles src/ and commands/
# to dist/ (npm run build), then drops the dev dependencies; the second is Node with the production
# dependencies and dist/ only, running as the unprivileged `node` user. State, newsletters and the
# parse cache live in the volume /data (DATA_DIR). See docs/operators.md, "Docker".
#
#   docker build -t casebot .
#   docker run -d --name casebot --env-file .env -e DATA_DIR=/data -v casebot-data:/data casebot

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY deploy/build.mjs deploy/build.mjs
COPY src src
COPY commands commands
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    CASEBOT_CONSOLE=0
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The bundled newsletter: a new named volume starts with it (Docker copies it in on first use).
COPY --chown=node:node data/articles /data/articles
RUN chown node:node /data
USER node
VOLUME ["/data"]
# Webhook mode only (WEBHOOK_URL / WECOM_CALLBACK_PORT); long polling and the WeCom long connection listen on nothing.
EXPOSE 8080
CMD ["node", "dist/main.js"]
