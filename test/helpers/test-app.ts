// Starts the real Probot HTTP server with our app on 127.0.0.1 and sends signed webhooks to it.
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import type { Rule } from "../../src/analysis/rule.js";
import { createApp } from "../../src/app/index.js";
import { operatorConfigSchema, type OperatorConfig } from "../../src/config/operator-config.js";
import { ReviewQueue } from "../../src/queue/review-queue.js";

export const WEBHOOK_SECRET = "test-webhook-secret";
export const TEST_PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

// The function form is needed: the object form leaves throttling on in Probot 14 (probot#2039).
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));

/** A port free right now. Probot's Server turns `port: 0` into 3000, so tests pick their own. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface TestApp {
  url: string;
  queue: ReviewQueue;
  logs: Array<Record<string, unknown>>;
  send(event: string, payload: unknown, options?: { secret?: string; deliveryId?: string }): Promise<{ status: number; ms: number; body: string }>;
  stop(): Promise<void>;
}

export async function startTestApp(options: { rules?: readonly Rule[]; operator?: Partial<Record<keyof OperatorConfig, number>>; baseUrl?: string } = {}): Promise<TestApp> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: "debug" }, sink);
  const operator = operatorConfigSchema.parse(options.operator ?? {});
  const queue = new ReviewQueue({ concurrency: operator.PRODGAP_CONCURRENCY });
  const server = new Server({
    host: "127.0.0.1",
    port: await freePort(),
    log,
    Probot: Probot.defaults({
      appId: 123,
      privateKey: TEST_PRIVATE_KEY,
      secret: WEBHOOK_SECRET,
      log,
      Octokit: TestOctokit,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    }),
  });
  await server.load(createApp({ operator, queue, ...(options.rules ? { rules: options.rules } : {}) }));
  const http = await server.start();
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    queue,
    logs,
    async send(event, payload, sendOptions = {}) {
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac("sha256", sendOptions.secret ?? WEBHOOK_SECRET).update(body).digest("hex")}`;
      const started = performance.now();
      const response = await fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-github-delivery": sendOptions.deliveryId ?? randomUUID(),
          "x-hub-signature-256": signature,
        },
        body,
      });
      const text = await response.text();
      return { status: response.status, ms: performance.now() - started, body: text };
    },
    async stop() {
      await queue.shutdown(1000);
      await server.stop();
    },
  };
}
