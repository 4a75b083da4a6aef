#!/usr/bin/env node
// The `prodgap` executable: wires runCli to the process. Everything testable lives in run.ts.
import { runCli } from "./run.js";

// `prodgap scan | head` closes the pipe early; that is the reader's choice, not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
// exitCode rather than exit(): pending writes to a piped stdout are flushed before the process ends.
process.exitCode = exitCode;
