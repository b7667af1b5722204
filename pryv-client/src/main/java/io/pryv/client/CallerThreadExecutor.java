package io.pryv.client;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Runs the tasks given to it on the thread of a blocking caller, who
 * {@link #runUntilEnd() runs them until the stream it waits for ends}. The
 * blocking {@link PryvConnection#streamEvents} reads its answer this way (as the
 * scheduler of the parsing): the event loop only receives, the caller's thread
 * parses and hands the events to its consumers, so receiving and reading overlap
 * without a third thread, and the consumers run on the caller's thread.
 * <p>
 * Handing a task over never waits: a lock-free queue, and the caller's thread
 * unparked. A {@code LinkedBlockingQueue} here made the event loop wait, now and
 * then, for the lock that the caller's thread held while taking a task (seen by
 * BlockHound as {@code Unsafe#park} on {@code reactor-http-epoll}).
 */
final class CallerThreadExecutor implements Executor {

	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/** The thread in {@link #runUntilEnd}, unparked when a task comes or the stream ends. */
	private volatile @Nullable Thread caller;

	/** The caller found no task and parks (or is about to): only then does a new task unpark it. */
	private volatile boolean waiting;

	private volatile boolean ended;

	private volatile @Nullable Throwable failure;

	private volatile boolean left;

	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		if (this.left) {
			// the caller is gone and the stream cancelled: what comes now only releases buffers
			runQueued();
			return;
		}
		if (this.waiting) {
			wakeCaller();
		}
	}

	private void wakeCaller() {
		Thread thread = this.caller;
		if (thread != null) {
			LockSupport.unpark(thread);
		}
	}

	/**
	 * The caller is done (the stream ended or was cancelled): the tasks still
	 * queued, and any that come later, run on the thread that has them, so that a
	 * cancelled stream releases the buffers it still held.
	 */
	void leave() {
		this.left = true;
		runQueued();
	}

	private void runQueued() {
		Runnable task;
		while ((task = this.tasks.poll()) != null) {
			task.run();
		}
	}

	/**
	 * The stream ended (from any thread).
	 * @param error its failure, or {@code null} when it completed
	 */
	void end(@Nullable Throwable error) {
		this.failure = error;
		this.ended = true;
		wakeCaller();
	}

	/**
	 * Run the tasks as they come, on this thread, until the stream ended.
	 * @throws InterruptedException if this thread is interrupted while waiting
	 * @throws RuntimeException the stream's failure (a {@link PryvException}, or
	 * what a consumer threw), once every task before it ran
	 */
	void runUntilEnd() throws InterruptedException {
		// set before the first look at the queue: a task queued after that look unparks this thread
		this.caller = Thread.currentThread();
		try {
			while (!this.ended) {
				if (Thread.interrupted()) {
					throw new InterruptedException();
				}
				Runnable task = this.tasks.poll();
				if (task != null) {
					task.run();
					continue;
				}
				// announced, then the queue looked at again: a task queued in between sees the
				// announcement and unparks this thread, so none is missed
				this.waiting = true;
				if (this.tasks.isEmpty() && !this.ended) {
					LockSupport.park(this);
				}
				this.waiting = false;
			}
		}
		finally {
			this.caller = null;
		}
		Throwable error = this.failure;
		if (error instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (error instanceof Error fatal) {
			throw fatal;
		}
		if (error != null) {
			throw new PryvClientException("Pryv events stream failed: " + error.getMessage(), error);
		}
	}

}
