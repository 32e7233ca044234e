import { TooManyRequests } from '@/lib/core/errors';

// Each open progress stream holds a connection and a place in a run's poller for up to its
// lifetime, so how many are open at once is bounded, per person and per console process: the
// lowest role cannot load the database or the process by opening streams without end.

export type StreamLimits = { perUser: number; perProcess: number; retryAfterSeconds: number };

export class StreamAdmission {
  private readonly byUser = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: StreamLimits) {}

  /** Takes a place for one stream of `userId`, or refuses (429); the returned release gives it back, once. */
  admit(userId: string): () => void {
    const mine = this.byUser.get(userId) ?? 0;
    if (mine >= this.limits.perUser) {
      throw new TooManyRequests(`you have ${mine} progress streams open, the most one person may: close one (another tab or terminal) or try again later`, this.limits.retryAfterSeconds);
    }
    if (this.total >= this.limits.perProcess) {
      throw new TooManyRequests(`this console process serves ${this.total} progress streams, its most: try again later`, this.limits.retryAfterSeconds);
    }
    this.byUser.set(userId, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byUser.get(userId) ?? 1) - 1;
      if (left > 0) this.byUser.set(userId, left);
      else this.byUser.delete(userId);
    };
  }

  /** Streams open now, in all and of one person. */
  open(userId?: string): number {
    return userId === undefined ? this.total : (this.byUser.get(userId) ?? 0);
  }
}
