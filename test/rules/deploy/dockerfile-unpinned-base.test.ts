import { describe, expect, it } from "vitest";
import { dockerfileUnpinnedBase } from "../../../rules/deploy/dockerfile-unpinned-base.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";

const dockerfile = (...rows: string[]): string => `${rows.join("\n")}\n`;
const run = (content: string, path = "Dockerfile") => findingsOf(dockerfileUnpinnedBase, path, content);
const linesOf = (content: string) => run(content).map((finding) => finding.line);

describe("deploy/dockerfile-unpinned-base: fires", () => {
  it("on an image without a tag, naming it", () => {
    const findings = run(dockerfile("FROM node", "WORKDIR /app", 'CMD ["node", "server.js"]'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 1, severity: "medium" });
    expect(findings[0]!.message).toBe("The final stage is based on `node`, which has no tag, so each build pulls whatever that tag points to at the time.");
    expect(findings[0]!.suggestion).toBeUndefined();
  });

  it("on `:latest`, including behind a registry port", () => {
    expect(run(dockerfile("FROM nginx:latest", "COPY dist /usr/share/nginx/html"))[0]!.message).toContain("`nginx:latest`");
    expect(linesOf(dockerfile("FROM registry.internal:5000/platform/base", "COPY . /srv"))).toEqual([1]);
  });

  it("on a builder stage, even when the final stage is pinned", () => {
    const findings = run(
      dockerfile("FROM --platform=$BUILDPLATFORM golang AS build", "RUN go build -o /out/api ./cmd/api", "", "FROM gcr.io/distroless/static-debian12:nonroot", "COPY --from=build /out/api /api"),
    );
    expect(findings.map((finding) => finding.line)).toEqual([1]);
    expect(findings[0]!.message).toContain("Stage `build` is based on `golang`");
  });

  it("on an image resolved from global ARG defaults", () => {
    const findings = run(dockerfile("ARG PYTHON_IMAGE=python", 'ARG TAG="latest"', "FROM ${PYTHON_IMAGE}:${TAG} AS app", "CMD python -m app"));
    expect(findings.map((finding) => finding.line)).toEqual([3]);
    expect(findings[0]!.message).toContain("`${PYTHON_IMAGE}:${TAG}` (`python:latest` from the ARG default)");
  });

  it("on a FROM split over a line continuation, covering both lines", () => {
    const findings = run(dockerfile("FROM \\", "    ubuntu AS base", "RUN apt-get update"));
    expect(findings[0]).toMatchObject({ line: 1, endLine: 2 });
  });

  it("on COPY --from an external image with a floating tag", () => {
    const findings = run(dockerfile("FROM python:3.12-slim", "COPY --from=ghcr.io/astral-sh/uv:latest /uv /usr/local/bin/uv", "RUN uv sync --frozen"));
    expect(findings.map((finding) => finding.line)).toEqual([2]);
    expect(findings[0]!.message).toContain("`COPY --from` pulls `ghcr.io/astral-sh/uv:latest`");
  });
});

describe("deploy/dockerfile-unpinned-base: does not fire", () => {
  it("on versioned tags, with or without a registry port", () => {
    expect(linesOf(dockerfile("FROM node:20.18-bookworm-slim", "FROM localhost:5000/acme/base:2024.11", "FROM python:3.12"))).toEqual([]);
  });

  it("on digest-pinned images, even when the tag says latest", () => {
    const digest = "sha256:2f1a5b0c8e9d7f6a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";
    expect(linesOf(dockerfile(`FROM node@${digest}`, `FROM alpine:latest@${digest}`))).toEqual([]);
  });

  it("on FROM an earlier stage and on scratch", () => {
    const content = dockerfile("FROM rust:1.82 AS Builder", "RUN cargo build --release", "FROM builder AS test", "RUN cargo test", "FROM scratch", "COPY --from=builder /app/target/release/api /api");
    expect(linesOf(content)).toEqual([]);
  });

  it("when the image comes from an ARG without a default", () => {
    expect(linesOf(dockerfile("ARG BASE_IMAGE", "FROM $BASE_IMAGE", "ARG NODE_VERSION", "FROM node:${NODE_VERSION}-alpine"))).toEqual([]);
    expect(linesOf(dockerfile("ARG NODE_VERSION", "FROM node${NODE_VERSION:+:$NODE_VERSION}"))).toEqual([]);
  });

  it("on COPY --from a stage name or index", () => {
    expect(linesOf(dockerfile("FROM node:20 AS deps", "RUN npm ci", "FROM node:20-slim", "COPY --from=deps /app/node_modules ./node_modules", "COPY --from=0 /app/package.json ."))).toEqual([]);
  });

  it("on FROM-looking text in comments and heredocs", () => {
    const content = dockerfile("# FROM ubuntu was too large", "FROM debian:12-slim", "RUN <<EOF", "cat > /etc/motd <<'X'", "FROM ubuntu", "X", "EOF");
    expect(linesOf(content)).toEqual([]);
  });

  it("on dev containers", () => {
    expect(run(dockerfile("FROM mcr.microsoft.com/devcontainers/base"), ".devcontainer/Dockerfile")).toEqual([]);
  });
});

describe("deploy/dockerfile-unpinned-base: review mode", () => {
  it("does not report an unchanged FROM when the change adds other lines", () => {
    const content = dockerfile("FROM node", "WORKDIR /app", "COPY . .", 'CMD ["node", "server.js"]');
    const { findings } = analyze([dockerfileUnpinnedBase], [{ path: "Dockerfile", content, patch: patchAdding(content, [3]) }], { mode: "review" });
    expect(findings).toEqual([]);
  });

  it("reports at the ARG line when only the ARG that picks the tag changed", () => {
    const content = dockerfile("ARG NODE_TAG=latest", "FROM node:${NODE_TAG} AS build", "RUN npm ci", "FROM node:${NODE_TAG}-slim", "COPY --from=build /app /app");
    const { findings } = analyze([dockerfileUnpinnedBase], [{ path: "Dockerfile", content, patch: patchAdding(content, [1]) }], { mode: "review" });
    // Both stages depend on the ARG; one finding on its line, not two.
    expect(findings.map((finding) => finding.line)).toEqual([1]);
    expect(findings[0]!.message).toContain("`node:${NODE_TAG}` (`node:latest` from the ARG default)");
  });
});
