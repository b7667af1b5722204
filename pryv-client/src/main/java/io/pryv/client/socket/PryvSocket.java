package io.pryv.client.socket;

import java.util.List;
import java.util.function.IntConsumer;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import io.pryv.client.ApiCall;
import io.pryv.client.ApiResult;
import io.pryv.client.PryvClientException;

/**
 * The blocking form of {@link ReactivePryvSocket}: calls wait for their
 * answers; notifications are still a {@link Flux} ({@link #changes()}), to
 * subscribe to. Open one with {@code connection.socket()}; close it with
 * {@link #close()} (or try-with-resources).
 * <pre>
 * try (PryvSocket socket = connection.socket()) {
 *     socket.changes().subscribe((change) -&gt; log.info("{} changed", change.kind()));
 *     List&lt;ApiResult&gt; results = socket.api(List.of(ApiCall.of("events.get", Map.of("limit", 10))));
 * }
 * </pre>
 */
public final class PryvSocket implements AutoCloseable {

	private final ReactivePryvSocket reactive;

	/**
	 * Wrap an open reactive socket.
	 * @param reactive the socket
	 */
	public PryvSocket(ReactivePryvSocket reactive) {
		this.reactive = reactive;
	}

	/** @return the reactive form of this socket */
	public ReactivePryvSocket reactive() {
		return this.reactive;
	}

	/** @see ReactivePryvSocket#changes() */
	public Flux<PryvChange> changes() {
		return this.reactive.changes();
	}

	/** @see ReactivePryvSocket#states() */
	public Flux<SocketState> states() {
		return this.reactive.states();
	}

	/** @return the current state */
	public SocketState state() {
		return this.reactive.state();
	}

	/** @see ReactivePryvSocket#api(List) */
	public List<ApiResult> api(List<ApiCall> calls) {
		return await(this.reactive.api(calls), "socket api");
	}

	/** @see ReactivePryvSocket#api(List, IntConsumer) */
	public List<ApiResult> api(List<ApiCall> calls, IntConsumer progress) {
		return await(this.reactive.api(calls, progress), "socket api");
	}

	/** @see ReactivePryvSocket#call(String, Object) */
	public JsonNode call(String method, Object params) {
		return await(this.reactive.call(method, params), "socket call");
	}

	/** Close the socket and wait (about 2 s at most) until its WebSocket is closed. */
	@Override
	public void close() {
		await(this.reactive.close(), "socket close");
	}

	private static <T> T await(reactor.core.publisher.Mono<T> mono, String what) {
		if (Schedulers.isInNonBlockingThread()) {
			throw new PryvClientException("Blocking Pryv call " + what + " on non-blocking thread '"
					+ Thread.currentThread().getName() + "': use the reactive socket (reactive()) on this thread");
		}
		return mono.block();
	}

	@Override
	public String toString() {
		return this.reactive.toString();
	}

}
