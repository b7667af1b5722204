package io.pryv.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Hands the parsed chunks of an events stream from the thread that parses them
 * to the thread of a blocking {@link PryvConnection#streamEvents} caller, with
 * bounded memory and few thread wake-ups.
 * <p>
 * The parsing thread only queues chunks; it wakes the caller when
 * {@link #WAKE_AT} chunks wait or the stream ends. A waiting caller also looks
 * again every {@link #LOOK_AGAIN_NANOS}, so a slow stream is still handed over
 * within a millisecond. Waking the caller for every chunk (about 8 KB each)
 * cost more than reading the events. At most {@link #CAPACITY} chunks are
 * requested ahead of the caller.
 */
final class ChunkHandOff implements Subscriber<List<Object>> {

	static final int CAPACITY = 64;

	static final int WAKE_AT = 16;

	static final long LOOK_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition arrived = this.lock.newCondition();

	private final ArrayDeque<List<Object>> chunks = new ArrayDeque<>();

	private volatile Subscription subscription;

	private boolean done;

	private Throwable error;

	@Override
	public void onSubscribe(Subscription subscription) {
		this.subscription = subscription;
		subscription.request(CAPACITY);
	}

	@Override
	public void onNext(List<Object> chunk) {
		this.lock.lock();
		try {
			this.chunks.add(chunk);
			if (this.chunks.size() >= WAKE_AT) {
				this.arrived.signal();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void onError(Throwable error) {
		end(error);
	}

	@Override
	public void onComplete() {
		end(null);
	}

	private void end(Throwable failure) {
		this.lock.lock();
		try {
			this.done = true;
			this.error = failure;
			this.arrived.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait for chunks and take all that arrived.
	 * @return the chunks, in order; empty once the stream completed
	 * @throws InterruptedException if the caller's thread is interrupted
	 * @throws RuntimeException the stream's error, once every chunk before it was taken
	 */
	List<List<Object>> take() throws InterruptedException {
		List<List<Object>> taken;
		this.lock.lock();
		try {
			while (this.chunks.isEmpty() && !this.done) {
				this.arrived.awaitNanos(LOOK_AGAIN_NANOS);
			}
			if (this.chunks.isEmpty()) {
				if (this.error != null) {
					throw (this.error instanceof RuntimeException runtime) ? runtime
							: new PryvClientException("Pryv events stream failed: " + this.error.getMessage(), this.error);
				}
				return List.of();
			}
			taken = new ArrayList<>(this.chunks);
			this.chunks.clear();
		}
		finally {
			this.lock.unlock();
		}
		this.subscription.request(taken.size());
		return taken;
	}

	/** Stop the stream (the caller gave up). */
	void cancel() {
		Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

}
