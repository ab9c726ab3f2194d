# The baseline the image is measured against: the obvious single-stage Dockerfile, which
# ships the whole workspace with every dependency and reinstalls on any source change.
FROM node:24-bookworm-slim
ENV HUSKY=0 TURBO_TELEMETRY_DISABLED=1 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
RUN corepack enable pnpm
WORKDIR /repo
COPY . .
RUN pnpm install --frozen-lockfile --ignore-scripts && pnpm turbo run build --filter=demo
ENV NODE_ENV=production
EXPOSE 8000
CMD ["node", "apps/demo/dist/main.cjs"]
