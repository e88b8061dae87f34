# fake-workato image: compile with dev dependencies, run with production ones only, as the node user.
# Build: docker build -t fake-workato .   Run: docker run --rm -p 4000:4000 fake-workato
# Keep the state across restarts: docker run -p 4000:4000 -v fw-data:/data fake-workato --data /data/state.json

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
# The volume's mount point must belong to the user the server runs as, or --data cannot write there.
RUN mkdir -p /data && chown node:node /data
USER node
# Optional persistent state: pass --data /data/state.json (or FAKE_WORKATO_DATA=/data/state.json).
VOLUME /data
EXPOSE 4000
# No curl in the image: Node's own fetch asks /health. (No --start-period: dockerfilelint 1.8 misreads it.)
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Flags given to `docker run <image> …` are appended to the entrypoint.
ENTRYPOINT ["node", "dist/cli.js"]
CMD []
