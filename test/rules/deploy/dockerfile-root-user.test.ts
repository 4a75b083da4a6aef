import { describe, expect, it } from "vitest";
import { dockerfileRootUser } from "../../../rules/deploy/dockerfile-root-user.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const dockerfile = (...rows: string[]): string => `${rows.join("\n")}\n`;
const run = (content: string, path = "Dockerfile") => findingsOf(dockerfileRootUser, path, content);

describe("deploy/dockerfile-root-user: fires", () => {
  it("on a single-stage image with no USER, at the FROM line", () => {
    const findings = run(dockerfile("FROM node:20-bookworm-slim", "WORKDIR /app", "COPY . .", "RUN npm ci --omit=dev", 'CMD ["node", "server.js"]'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 1, severity: "high" });
    expect(findings[0]!.message).toContain("`node:20-bookworm-slim` runs as root");
    expect(findings[0]!.fix).toContain("USER node");
    expect(findings[0]!.suggestion).toBeUndefined();
  });

  it("when only the builder stage switched user: USER is not carried into a new FROM image", () => {
    const findings = run(
      dockerfile(
        "FROM node:20 AS build",
        "USER node",
        "WORKDIR /home/node/app",
        "COPY --chown=node:node . .",
        "RUN npm ci && npm run build",
        "",
        "FROM node:20-slim",
        "COPY --from=build /home/node/app/dist /app",
        'CMD ["node", "/app/main.js"]',
      ),
    );
    expect(findings.map((finding) => finding.line)).toEqual([7]);
  });

  it("at the last USER when it is root, by name or uid", () => {
    expect(run(dockerfile("FROM python:3.12-slim", "USER app", "RUN pip install -r requirements.txt", "USER root", 'CMD ["gunicorn", "app:app"]')).map((finding) => finding.line)).toEqual([4]);
    expect(run(dockerfile("FROM ruby:3.3", "USER 0:0", 'CMD ["puma"]'))[0]).toMatchObject({ line: 2 });
    expect(run(dockerfile("FROM ruby:3.3", 'USER "root:root"', 'CMD ["puma"]'))[0]!.message).toContain("USER");
  });

  it("on a final stage built on an earlier stage that runs as root", () => {
    const findings = run(dockerfile("FROM python:3.12-slim AS base", "RUN pip install uv", "", "FROM base", "COPY . /srv", 'CMD ["python", "/srv/main.py"]'));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.line).toBe(4);
    expect(findings[0]!.message).toContain("stage `base`, which runs as root (from `python:3.12-slim`)");
  });

  it("on scratch and plain distroless final images", () => {
    const scratch = run(dockerfile("FROM golang:1.23 AS build", "RUN CGO_ENABLED=0 go build -o /api ./cmd/api", "FROM scratch", "COPY --from=build /api /api", 'ENTRYPOINT ["/api"]'));
    expect(scratch.map((finding) => finding.line)).toEqual([3]);
    expect(scratch[0]!.fix).toContain("65534");
    const distroless = run(dockerfile("FROM gcr.io/distroless/static-debian12", "COPY api /api", 'ENTRYPOINT ["/api"]'));
    expect(distroless[0]!.fix).toContain(":nonroot");
  });

  it("on an ARG-parameterized base image resolved from its default", () => {
    const findings = run(dockerfile("ARG NODE_VERSION=20.18", "FROM node:${NODE_VERSION}-alpine", "WORKDIR /app", "COPY . .", 'CMD ["node", "index.js"]'));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain("node:20.18-alpine");
  });

  it("when USER text only appears inside a heredoc or a comment", () => {
    const findings = run(
      dockerfile(
        "FROM debian:12-slim",
        "RUN <<EOF",
        "useradd --system app",
        "USER app",
        "EOF",
        "# USER app  (disabled while debugging the volume permissions)",
        'CMD ["/usr/local/bin/worker"]',
      ),
    );
    expect(findings.map((finding) => finding.line)).toEqual([1]);
  });

  it("on sudo in a RUN of the final stage, at medium, on the line that calls it", () => {
    const findings = run(
      dockerfile(
        "FROM ubuntu:24.04",
        "RUN apt-get update && apt-get install -y sudo \\",
        "    && useradd -m app && echo 'app ALL=(ALL) NOPASSWD:ALL' >> /etc/sudoers",
        "USER app",
        "RUN mkdir -p /srv/app \\",
        "    && sudo chown app /srv/app",
        'CMD ["/srv/app/run"]',
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 6, severity: "medium" });
    expect(findings[0]!.message).toContain("`sudo`");
  });
});

describe("deploy/dockerfile-root-user: does not fire", () => {
  it("when the final stage switches to a named or numeric user", () => {
    expect(run(dockerfile("FROM node:20-slim", "WORKDIR /app", "COPY --chown=node:node . .", "USER node", 'CMD ["node", "server.js"]'))).toEqual([]);
    expect(run(dockerfile("FROM eclipse-temurin:21-jre", "COPY app.jar /app.jar", "USER 10001:10001", 'CMD ["java", "-jar", "/app.jar"]'))).toEqual([]);
    expect(run(dockerfile("FROM python:3.12-slim", "USER 1000", 'CMD ["python", "-m", "app"]'))).toEqual([]);
  });

  it("when USER comes from a variable", () => {
    expect(run(dockerfile("FROM node:20-slim", "ARG APP_USER=node", "USER ${APP_USER}", 'CMD ["node", "server.js"]'))).toEqual([]);
  });

  it("when USER root is followed by a non-root USER", () => {
    expect(
      run(dockerfile("FROM node:20-slim", "USER root", "RUN apt-get update && apt-get install -y --no-install-recommends tini \\", "    && rm -rf /var/lib/apt/lists/*", "USER node", 'ENTRYPOINT ["tini", "--", "node", "server.js"]')),
    ).toEqual([]);
  });

  it("on builder stages that run as root when the final image is non-root", () => {
    const content = dockerfile(
      "FROM --platform=$BUILDPLATFORM golang:1.23 AS build",
      "RUN sudo true || true",
      "RUN go build -o /out/api ./cmd/api",
      "FROM gcr.io/distroless/static-debian12:nonroot",
      "COPY --from=build /out/api /api",
      'ENTRYPOINT ["/api"]',
    );
    expect(run(content)).toEqual([]);
  });

  it("when the final stage inherits a non-root USER from an earlier stage", () => {
    expect(run(dockerfile("FROM node:20-slim AS base", "USER node", "WORKDIR /home/node/app", "FROM base AS runtime", "COPY --chown=node:node dist ./dist", 'CMD ["node", "dist/main.js"]'))).toEqual([]);
  });

  it("on images that default to a non-root user", () => {
    expect(run(dockerfile("FROM cgr.dev/chainguard/node:latest", "COPY . /app", 'CMD ["/app/index.js"]'))).toEqual([]);
    expect(run(dockerfile("FROM nginxinc/nginx-unprivileged:1.27-alpine", "COPY dist /usr/share/nginx/html"))).toEqual([]);
    expect(run(dockerfile("FROM bitnami/node:20", "COPY . /app"))).toEqual([]);
  });

  it("when it cannot tell the base image's user: an ARG without a default, a digest-only distroless image", () => {
    expect(run(dockerfile("ARG RUNTIME_IMAGE", "FROM ${RUNTIME_IMAGE}", "COPY app /app", 'CMD ["/app"]'))).toEqual([]);
    const digest = "sha256:0c2ab5d4e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1";
    expect(run(dockerfile(`FROM gcr.io/distroless/nodejs20-debian12@${digest}`, "COPY dist /app", 'CMD ["/app/main.js"]'))).toEqual([]);
  });

  it("when the image drops privileges at run time with gosu or su-exec", () => {
    const content = dockerfile(
      "FROM postgres:16-alpine",
      "RUN apk add --no-cache su-exec",
      "COPY docker-entrypoint.sh /usr/local/bin/",
      'ENTRYPOINT ["docker-entrypoint.sh"]',
    );
    expect(run(content)).toEqual([]);
  });

  it("on dev containers", () => {
    expect(run(dockerfile("FROM mcr.microsoft.com/devcontainers/typescript-node:1-20-bookworm", "RUN npm i -g pnpm"), ".devcontainer/Dockerfile")).toEqual([]);
  });
});

describe("deploy/dockerfile-root-user: review mode", () => {
  const content = dockerfile("FROM node:20-slim", "WORKDIR /app", "COPY . .", "RUN npm ci --omit=dev", 'CMD ["node", "server.js"]');

  it("does not report an unchanged FROM when the change only adds a RUN", () => {
    const { findings } = analyze([dockerfileRootUser], [{ path: "Dockerfile", content, patch: patchAdding(content, [4]) }], { mode: "review" });
    expect(findings).toEqual([]);
  });

  it("reports a USER root the change adds", () => {
    const changed = dockerfile("FROM node:20-slim", "USER node", "WORKDIR /app", "COPY . .", "USER root", 'CMD ["node", "server.js"]');
    const { findings } = analyze([dockerfileRootUser], [{ path: "Dockerfile", content: changed, patch: patchAdding(changed, [5]) }], { mode: "review" });
    expect(findings.map((finding) => finding.line)).toEqual([5]);
  });
});
