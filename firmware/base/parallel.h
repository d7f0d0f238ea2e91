/* Runs independent pieces of work on the machine's cores (a Pi 4 or 5 has four). */
#pragma once

/* Calls fn(ctx, i) for every i in [0, n), spread over up to one thread per online core, and
 * returns when all calls have returned. fn must be safe to run concurrently for different i.
 * Falls back to running them in the calling thread if threads cannot be made. */
void parallel_for(int n, void (*fn)(void *ctx, int i), void *ctx);

/* Lowers the calling thread (and the threads it starts later, parallel_for's too) to nice 10,
 * below the screen's main thread: for workers whose work may take a while. */
void parallel_background(void);
