// The in-process queue: a concurrency limit, one live job per pull request, and a newer head SHA
// superseding an older one. Jobs always run their own completion logic, even when aborted, so the
// queue never needs to know about check runs.
import PQueue from "p-queue";

export class ReviewAborted extends Error {
  constructor(readonly kind: "superseded" | "closed" | "shutdown" | "timeout", message: string) {
    super(message);
    this.name = "ReviewAborted";
  }
}

export interface Slot {
  key: string;
  sha: string;
  signal: AbortSignal;
}

interface Job {
  slot: Slot;
  controller: AbortController;
  started: boolean;
}

const SHUTDOWN_MESSAGE = "prodgap restarted before this review finished; push again or re-run the check.";

export class ReviewQueue {
  readonly #queue: PQueue;
  /** The newest claimed job per PR key. */
  readonly #live = new Map<string, Job>();
  /** Every job not yet returned, including superseded ones still unwinding. */
  readonly #jobs = new Set<Job>();
  #closed = false;

  constructor(options: { concurrency: number }) {
    this.#queue = new PQueue({ concurrency: options.concurrency });
  }

  /**
   * Reserves the right to review `sha` of the PR `key`. Returns undefined when that SHA is already
   * queued or running (a redelivery) or the queue is closed. A live job for an older SHA is aborted.
   */
  claim(key: string, sha: string): Slot | undefined {
    if (this.#closed) return undefined;
    const live = this.#live.get(key);
    if (live?.slot.sha === sha) return undefined;
    live?.controller.abort(new ReviewAborted("superseded", `Superseded by a newer push (${sha.slice(0, 7)}).`));
    const controller = new AbortController();
    const job: Job = { slot: { key, sha, signal: controller.signal }, controller, started: false };
    this.#live.set(key, job);
    this.#jobs.add(job);
    return job.slot;
  }

  /** Stops the live review of PR `key`, if any (the pull request was closed); true when one was stopped. */
  cancel(key: string, message: string): boolean {
    const live = this.#live.get(key);
    if (!live) return false;
    live.controller.abort(new ReviewAborted("closed", message));
    this.#live.delete(key);
    return true;
  }

  /** Gives a claim back without running it (e.g. the check run could not be created). */
  release(slot: Slot): void {
    const job = this.#find(slot);
    if (!job) return;
    this.#jobs.delete(job);
    if (this.#live.get(slot.key) === job) this.#live.delete(slot.key);
  }

  /** Runs `task` under the concurrency limit; `task` must handle its own errors and aborts. */
  run(slot: Slot, task: (signal: AbortSignal) => Promise<void>): void {
    const job = this.#find(slot);
    if (!job) throw new Error(`no claim for ${slot.key}@${slot.sha}`);
    void this.#queue.add(async () => {
      job.started = true;
      try {
        await task(slot.signal);
      } finally {
        this.release(slot);
      }
    });
  }

  get waiting(): number {
    return this.#queue.size;
  }

  get running(): number {
    return this.#queue.pending;
  }

  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void> {
    return this.#queue.onIdle();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Stops taking work. Waiting jobs are aborted at once (they complete their checks as interrupted);
   * running jobs get `graceMs` to finish, then are aborted too. Resolves when every job has returned.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.#closed = true;
    const abort = (job: Job) => job.controller.abort(new ReviewAborted("shutdown", SHUTDOWN_MESSAGE));
    for (const job of this.#jobs) if (!job.started) abort(job);
    const idle = this.#queue.onIdle();
    let timer: NodeJS.Timeout | undefined;
    const finishedInTime = await Promise.race([
      idle.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finishedInTime) {
      for (const job of this.#jobs) abort(job);
      await idle;
    }
  }

  #find(slot: Slot): Job | undefined {
    for (const job of this.#jobs) if (job.slot === slot) return job;
    return undefined;
  }
}
