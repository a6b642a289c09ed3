# canary-judge as a service: `canary-judge serve` with analysis templates mounted at
# /etc/canary-judge/analyses. Two stages: build with the dev dependencies, run with the runtime
# ones only (and the optional AWS SDK peer, for CloudWatch templates), as an unprivileged user.
#
#   docker build -t canary-judge .
#   docker run --rm -p 8080:8080 -v "$PWD/analyses:/etc/canary-judge/analyses:ro" canary-judge

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsup.config.ts ./
COPY src ./src
COPY prometheus ./prometheus
COPY cloudwatch ./cloudwatch
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies from the lockfile, plus the CloudWatch SDK (an optional peer) at the version
# the lockfile pins for the tests.
RUN npm ci --omit=dev --ignore-scripts \
 && npm install --omit=dev --ignore-scripts --no-save --no-package-lock "@aws-sdk/client-cloudwatch@$(node -p "require('./package-lock.json').packages['node_modules/@aws-sdk/client-cloudwatch'].version")" \
 && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY prometheus ./prometheus
COPY cloudwatch ./cloudwatch
RUN mkdir -p /etc/canary-judge/analyses
# The node image's unprivileged user (uid 1000); nothing in /app is writable by it.
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli/main.cjs", "serve"]
CMD ["--host", "0.0.0.0", "--port", "8080", "--analyses", "/etc/canary-judge/analyses"]
