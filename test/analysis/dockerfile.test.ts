import { describe, expect, it } from "vitest";
import { expandArgs, finalStage, parseArgDeclarations, parseDockerfile, parseImageReference, stageBase } from "../../src/analysis/dockerfile.js";

const lines = (...rows: string[]): string => `${rows.join("\n")}\n`;

describe("parseDockerfile", () => {
  it("joins continuations and skips comment and empty lines inside them", () => {
    const file = parseDockerfile(
      lines(
        "FROM debian:12-slim",
        "RUN apt-get update \\",
        "    # pinned for the TLS fix",
        "",
        "    && apt-get install -y ca-certificates \\",
        "    && rm -rf /var/lib/apt/lists/*",
        "USER app",
      ),
    );
    const run = file.instructions[1]!;
    expect(run).toMatchObject({ keyword: "RUN", line: 2, endLine: 6 });
    expect(run.args).toBe("apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*");
    expect(file.instructions[2]).toMatchObject({ keyword: "USER", args: "app", line: 7, endLine: 7 });
  });

  it("ends an instruction whose escape is the last character of the file", () => {
    const file = parseDockerfile("FROM alpine:3.20\nCMD [\"sh\"] \\");
    expect(file.instructions[1]).toMatchObject({ keyword: "CMD", args: '["sh"]', line: 2, endLine: 2 });
  });

  it("honours the backtick escape directive", () => {
    const file = parseDockerfile(lines("# escape=`", "FROM mcr.microsoft.com/windows/servercore:ltsc2022", "RUN dir `", "    C:\\app"));
    expect(file.instructions[1]).toMatchObject({ keyword: "RUN", args: "dir C:\\app", line: 3, endLine: 4 });
  });

  it("gives heredoc bodies to the instruction that opened them", () => {
    const file = parseDockerfile(
      lines(
        "FROM python:3.12-slim",
        "RUN <<EOF",
        "set -e",
        "FROM this is not an instruction",
        "EOF",
        "COPY <<-'CONF' /etc/app.conf <<PORTS /etc/ports",
        "\tlevel=info",
        "\tCONF",
        "8080",
        "PORTS",
        "USER 10001",
      ),
    );
    expect(file.stages).toHaveLength(1);
    expect(file.instructions.map((instruction) => [instruction.keyword, instruction.line, instruction.endLine])).toEqual([
      ["FROM", 1, 1],
      ["RUN", 2, 5],
      ["COPY", 6, 10],
      ["USER", 11, 11],
    ]);
    expect(file.instructions[1]!.args).toContain("FROM this is not an instruction");
  });

  it("does not read a bash here-string or a heredoc-looking CMD as a heredoc", () => {
    const file = parseDockerfile(lines("FROM bash:5.2", 'RUN cat <<<"EOF" > /tmp/x', 'CMD ["sh", "-c", "cat <<EOF"]', "USER nobody"));
    expect(file.instructions.map((instruction) => instruction.keyword)).toEqual(["FROM", "RUN", "CMD", "USER"]);
  });

  it("splits flags from arguments", () => {
    const file = parseDockerfile(lines("FROM --platform=$BUILDPLATFORM golang:1.23 AS Build", "COPY --from=build --chown=app:app /out/api /usr/local/bin/api"));
    expect(file.stages[0]).toMatchObject({ image: "golang:1.23", name: "build" });
    expect(file.stages[0]!.from.flags).toEqual({ platform: "$BUILDPLATFORM" });
    expect(file.instructions[1]).toMatchObject({ flags: { from: "build", chown: "app:app" }, args: "/out/api /usr/local/bin/api" });
  });

  it("groups instructions into stages and collects global ARGs only before the first FROM", () => {
    const file = parseDockerfile(
      lines('ARG REGISTRY=ghcr.io/acme NODE="20.18" EXTRA', "ARG OPTS=--max-old-space-size=512", "FROM $REGISTRY/node:$NODE AS deps", "ARG LOCAL=1", "RUN npm ci", "FROM deps", "CMD node server.js"),
    );
    expect([...file.globalArgs]).toEqual([
      ["REGISTRY", "ghcr.io/acme"],
      ["NODE", "20.18"],
      ["EXTRA", undefined],
      ["OPTS", "--max-old-space-size=512"],
    ]);
    expect(file.stages.map((stage) => [stage.index, stage.name, stage.image, stage.instructions.length])).toEqual([
      [0, "deps", "$REGISTRY/node:$NODE", 2],
      [1, undefined, "deps", 1],
    ]);
    expect(finalStage(file)?.index).toBe(1);
  });
});

describe("parseArgDeclarations", () => {
  it("reads several declarations with quotes", () => {
    expect(parseArgDeclarations(`A=1 B="two words" C='x=y' D`)).toEqual([
      ["A", "1"],
      ["B", "two words"],
      ["C", "x=y"],
      ["D", undefined],
    ]);
  });
});

describe("expandArgs", () => {
  const args = new Map<string, string | undefined>([
    ["VERSION", "20"],
    ["IMAGE", "node:${VERSION}-alpine"],
    ["EMPTY", ""],
    ["FROM_BUILD", undefined],
    ["LOOP", "$LOOP"],
  ]);

  it("expands plain, braced and nested references", () => {
    expect(expandArgs("$IMAGE", args)).toEqual({ value: "node:20-alpine", used: ["IMAGE", "VERSION"] });
    expect(expandArgs("node:${VERSION}", args).value).toBe("node:20");
  });

  it("applies default and alternative modifiers", () => {
    expect(expandArgs("node:${EMPTY:-lts}", args).value).toBe("node:lts");
    expect(expandArgs("node:${EMPTY-lts}", args).value).toBe("node:");
    expect(expandArgs("node${VERSION:+:$VERSION}", args).value).toBe("node:20");
    expect(expandArgs("node${EMPTY:+:x}", args).value).toBe("node");
  });

  it("cannot tell the value of an ARG without a default, an undeclared ARG or a cycle", () => {
    expect(expandArgs("node:$FROM_BUILD", args)).toEqual({ used: ["FROM_BUILD"] });
    expect(expandArgs("node:${FROM_BUILD:-20}", args).value).toBeUndefined();
    expect(expandArgs("$TARGETPLATFORM", args).value).toBeUndefined();
    expect(expandArgs("$LOOP", args).value).toBeUndefined();
    expect(expandArgs("${VERSION%%.*}", args).value).toBeUndefined();
  });

  it("keeps escaped dollars literal", () => {
    expect(expandArgs("price\\$VERSION", args).value).toBe("price$VERSION");
  });
});

describe("parseImageReference", () => {
  it("tells tags from registry ports and digests", () => {
    expect(parseImageReference("node")).toEqual({ name: "node" });
    expect(parseImageReference("node:20-alpine")).toEqual({ name: "node", tag: "20-alpine" });
    expect(parseImageReference("localhost:5000/api")).toEqual({ name: "localhost:5000/api" });
    expect(parseImageReference("localhost:5000/api:1.4")).toEqual({ name: "localhost:5000/api", tag: "1.4" });
    expect(parseImageReference("node@sha256:abc")).toEqual({ name: "node", digest: "sha256:abc" });
    expect(parseImageReference("node:20@sha256:abc")).toEqual({ name: "node", tag: "20", digest: "sha256:abc" });
  });
});

describe("stageBase", () => {
  const file = parseDockerfile(
    lines("ARG BASE=Builder", "ARG RUNTIME", "FROM golang:1.23 AS builder", "FROM ${BASE} AS test", "FROM scratch", "FROM $RUNTIME", "FROM later", "FROM alpine:3.20 AS later"),
  );
  it("resolves earlier stage names (case-insensitively), scratch, images and unknowns", () => {
    expect(file.stages.map((stage) => stageBase(file, stage).kind)).toEqual(["image", "stage", "scratch", "unknown", "image", "image"]);
    const test = stageBase(file, file.stages[1]!);
    expect(test.kind === "stage" && test.stage.name).toBe("builder");
  });
  it("treats a name defined only by a later stage as an image", () => {
    const later = stageBase(file, file.stages[4]!);
    expect(later).toMatchObject({ kind: "image", reference: "later", image: { name: "later" } });
  });
});
