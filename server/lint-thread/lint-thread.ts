// The server reads learners' Dockerfiles (lint, stage count, the sandbox's rewrite) in a worker
// thread: whatever a learner sends, the event loop that serves every other learner never waits
// for it. A job that takes longer than its budget is abandoned (the thread is replaced) and the
// build refused as too complex.
import { Worker } from 'node:worker_threads';
import type { LintDiagnostic } from '../../shared/lint/lint-types.ts';
import type { DockerfileRewrite } from '../builds/dockerfile-rewrite.ts';

/** What the thread read in a Dockerfile; a Dockerfile the lint blocks is not read further. */
export interface DockerfileReading {
  diagnostics: LintDiagnostic[];
  stages?: number;
  rewrite?: DockerfileRewrite;
}

export class LintTooSlowError extends Error {
  constructor(budgetMs: number) {
    super(`checking this Dockerfile took longer than ${budgetMs} ms; it is too complex for a lesson exercise: make it shorter`);
  }
}

interface Pending {
  id: number;
  text: string;
  learner: string;
  resolve: (reading: DockerfileReading) => void;
  reject: (error: Error) => void;
}

const threadFile = new URL('./lint-thread-main.ts', import.meta.url);

export class LintThread {
  private readonly budgetMs: number;
  private worker: Worker | undefined;
  /** In the order sent; the thread answers in that order, one at a time. */
  private readonly pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(budgetMs: number) {
    this.budgetMs = budgetMs;
  }

  /** Reads `text` as `learner`'s Dockerfile (their cache mounts are scoped to them). */
  read(text: string, learner: string): Promise<DockerfileReading> {
    return new Promise((resolve, reject) => {
      const job = { id: this.nextId++, text, learner, resolve, reject };
      this.pending.push(job);
      this.thread().postMessage({ id: job.id, text, learner });
      if (this.pending.length === 1) this.startClock();
    });
  }

  /** Ends the thread (server shutdown); pending lints are rejected. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    for (const job of this.pending.splice(0)) job.reject(new Error('the server is shutting down'));
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(threadFile);
    worker.unref(); // an idle lint thread never keeps the process alive
    worker.on('message', (answer: { id: number; reading?: DockerfileReading; error?: string }) => {
      const job = this.pending[0];
      if (!job || job.id !== answer.id) return;
      this.pending.shift();
      clearTimeout(this.timer);
      if (answer.reading) job.resolve(answer.reading);
      else job.reject(new Error(answer.error ?? 'the Dockerfile could not be read'));
      if (this.pending.length > 0) this.startClock();
    });
    worker.on('error', (error) => this.replace(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }

  /** The clock runs for the lint at the head of the line only: the others have not started. */
  private startClock(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.replace(new LintTooSlowError(this.budgetMs)), this.budgetMs);
    this.timer.unref();
  }

  /** Fails the lint at the head of the line, replaces the thread, and sends it the rest again. */
  private replace(error: Error): void {
    const failed = this.pending.shift();
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    failed?.reject(error);
    if (this.pending.length === 0) return;
    const thread = this.thread();
    for (const job of this.pending) thread.postMessage({ id: job.id, text: job.text, learner: job.learner });
    this.startClock();
  }
}
