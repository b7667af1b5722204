package io.pryv.client;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

import org.jspecify.annotations.Nullable;

/**
 * Runs the tasks given to it on the thread of a blocking caller, who
 * {@link #runUntilEnd() runs them until the stream it waits for ends}. The
 * blocking {@link PryvConnection#streamEvents} reads its answer this way (as the
 * scheduler of the parsing): the event loop only receives, the caller's thread
 * parses and hands the events to its consumers, so receiving and reading overlap
 * without a third thread, and the consumers run on the caller's thread.
 */
final class CallerThreadExecutor implements Executor {

	/** Queued by {@link #end} to wake the caller. */
	private static final Runnable WAKE_UP = () -> {
	};

	private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

	private volatile boolean ended;

	private volatile @Nullable Throwable failure;

	private volatile boolean left;

	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		if (this.left) {
			// the caller is gone and the stream cancelled: what comes now only releases buffers
			runQueued();
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
		this.tasks.add(WAKE_UP);
	}

	/**
	 * Run the tasks as they come, on this thread, until the stream ended.
	 * @throws InterruptedException if this thread is interrupted while waiting
	 * @throws RuntimeException the stream's failure (a {@link PryvException}, or
	 * what a consumer threw), once every task before it ran
	 */
	void runUntilEnd() throws InterruptedException {
		while (!this.ended) {
			this.tasks.take().run();
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
