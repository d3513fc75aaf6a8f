# tickwork: one image for every role (start, api, worker).
#   docker build -t tickwork .
#   docker run -p 8000:8000 -v tickwork-data:/data tickwork             # embedded database in /data
#   docker compose up                                                  # PostgreSQL, RabbitMQ, an api and two workers
# The image holds only what runs: production dependencies, the prebuilt bundle, migrations and the dashboard's files.
# Nothing is written into /app at run time; the embedded database lives in /data.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY bin ./bin
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    TICKWORK_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY migrations ./migrations
# The embedded database's template (tickwork start unpacks it instead of running initdb: faster, less memory).
COPY assets ./assets
COPY src/api/dashboard ./src/api/dashboard
COPY --from=build /app/build ./build
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8000
# The API's own health route (no key needed); a worker-only container overrides this (see docker-compose.yml).
# /livez on the HTTP port (api, start) or, for a worker, on its metrics port (TICKWORK_METRICS_PORT, default 9464).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const e=process.env,p=(port)=>fetch('http://127.0.0.1:'+port+'/livez').then(r=>{if(!r.ok)throw 0});p(e.PORT||8000).catch(()=>p(e.TICKWORK_METRICS_PORT||9464)).then(()=>process.exit(0),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/tickwork.js"]
CMD ["start"]
