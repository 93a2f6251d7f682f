# The proofreading service. Build: docker build -t jiaodui .   Run: docker run -p 3000:3000 jiaodui
# Install and build are the steps of .ci/run: a clean `npm ci` from the lockfile, whose
# `prepare` compiles dist/ (and node-gyp builds nodejieba from source).

FROM node:20-bookworm AS build
WORKDIR /app
COPY . .
RUN npm ci
# Production dependencies only for the runtime image.
RUN npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/dictionaries ./dictionaries
COPY --from=build /app/models ./models
COPY --from=build /app/corpora ./corpora
# Files stay root-owned and read-only to the service; it writes only to /tmp (snapshot cache).
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/service/server.js"]
