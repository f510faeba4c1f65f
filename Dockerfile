# odoo-emulator: an Odoo 17.0 compatible server (XML-RPC, JSON-RPC, web sessions, portal) on SQLite.
#   docker build -t odoo-emulator .
#   docker run --rm -p 8069:8069 -v odoo-emulator-data:/var/lib/odoo-emulator odoo-emulator
FROM node:20-bookworm-slim AS build
WORKDIR /app
# native addons (better-sqlite3, bcrypt) build here if no prebuilt binary fits
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 bcrypt
# the whole tree minus .dockerignore; the image then holds exactly the files of the npm package
# (package.json "files"), so the two cannot drift apart
COPY . .
RUN node scripts/build.js && npm prune --omit=dev \
 && npm pack --ignore-scripts --silent --pack-destination /tmp \
 && mkdir /pkg && tar -xzf /tmp/odoo-emulator-*.tgz -C /pkg --strip-components=1 \
 && mv node_modules /pkg/

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    ODOO_DATA_DIR=/var/lib/odoo-emulator \
    ODOO_HTTP_INTERFACE=0.0.0.0 \
    ODOO_HTTP_PORT=8069
WORKDIR /app
COPY --from=build /pkg ./
RUN mkdir -p /var/lib/odoo-emulator && chown node:node /var/lib/odoo-emulator
USER node
VOLUME /var/lib/odoo-emulator
EXPOSE 8069
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.ODOO_HTTP_PORT || 8069) + '/jsonrpc', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'version', args: [] } }) }).then((r) => r.json()).then((j) => process.exit(j.result && j.result.server_version ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["node", "bin/odoo-emulator.js"]
