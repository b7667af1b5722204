package io.pryv.client;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** How the blocking API waits on the reactive one, refusing to do so on an event-loop thread. */
final class Blocking {

	private Blocking() {
	}

	/**
	 * Wait for a {@code Mono}, or fail clearly when called from a non-blocking
	 * thread (a Reactor Netty event loop, a parallel scheduler), where blocking
	 * would stall every other request on that thread.
	 */
	static <T> T await(Mono<T> mono, String what) {
		ensureBlockingAllowed(what);
		return mono.block();
	}

	/**
	 * Fail clearly when the current thread must not block (see {@link #await}).
	 */
	static void ensureBlockingAllowed(String what) {
		if (Schedulers.isInNonBlockingThread()) {
			throw new PryvClientException("Blocking Pryv call " + what + " on non-blocking thread '"
					+ Thread.currentThread().getName() + "': use the reactive API (reactive()) on this thread");
		}
	}

}
