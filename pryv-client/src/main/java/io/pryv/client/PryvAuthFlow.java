package io.pryv.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The auth request (consent flow) of a Pryv platform, server side, blocking
 * form: a thin layer over {@link ReactivePryvAuthFlow} ({@link #reactive()}).
 *
 * <pre>{@code
 * PendingAuth pending = authFlow.start();          // keep it (e.g. in the HTTP session)
 * // send the browser to pending.authUrl(); when it comes back:
 * AuthState state = authFlow.poll(pending);        // or await(pending, timeout)
 * if (state.status() == AuthState.Status.ACCEPTED) {
 *     PryvConnection connection = connectionFactory.connect(state.apiEndpoint());
 * }
 * }</pre>
 * Never call it on an event-loop thread (it fails clearly there); use
 * {@link #reactive()} in reactive code.
 */
public final class PryvAuthFlow {

	private final ReactivePryvAuthFlow reactive;

	/**
	 * Wrap a reactive flow.
	 * @param reactive the reactive flow
	 */
	public PryvAuthFlow(ReactivePryvAuthFlow reactive) {
		this.reactive = Arguments.present("PryvAuthFlow", "reactive", reactive, "a ReactivePryvAuthFlow");
	}

	/**
	 * A flow with the default poll-rate floor and expiry.
	 * @param service the platform
	 * @param defaults the request {@link #start()} sends, or {@code null}
	 */
	public PryvAuthFlow(PryvService service, @Nullable AuthRequest defaults) {
		this(new ReactivePryvAuthFlow(reactive(service), defaults));
	}

	/**
	 * @param service the platform
	 * @param defaults the request {@link #start()} sends, or {@code null}
	 * @param pollRateFloor the shortest time between two polls
	 * @param expiry how long a request is polled before it is reported {@code EXPIRED}
	 */
	public PryvAuthFlow(PryvService service, @Nullable AuthRequest defaults, Duration pollRateFloor, Duration expiry) {
		this(new ReactivePryvAuthFlow(reactive(service), defaults, pollRateFloor, expiry, Clock.systemUTC()));
	}

	private static ReactivePryvService reactive(PryvService service) {
		return Arguments.present("PryvAuthFlow", "service", service, "the platform's PryvService").reactive();
	}

	/** @return the reactive form of this flow */
	public ReactivePryvAuthFlow reactive() {
		return this.reactive;
	}

	/** @return the request {@link #start()} sends, or {@code null} */
	public @Nullable AuthRequest defaults() {
		return this.reactive.defaults();
	}

	/** @see ReactivePryvAuthFlow#start() */
	public PendingAuth start() {
		return Blocking.await(this.reactive.start(), "auth request start");
	}

	/** @see ReactivePryvAuthFlow#start(AuthRequest) */
	public PendingAuth start(AuthRequest overrides) {
		return Blocking.await(this.reactive.start(overrides), "auth request start");
	}

	/** @see ReactivePryvAuthFlow#poll(PendingAuth) */
	public AuthState poll(PendingAuth pending) {
		return Blocking.await(this.reactive.poll(pending), "auth request poll");
	}

	/**
	 * Wait for a request to end; this blocks the calling thread (only), prefer
	 * {@link ReactivePryvAuthFlow#await} or per-request {@link #poll} in web apps.
	 * @see ReactivePryvAuthFlow#await(PendingAuth, Duration)
	 */
	public AuthState await(PendingAuth pending, Duration timeout) {
		return Blocking.await(this.reactive.await(pending, timeout), "auth request await");
	}

	/** @see ReactivePryvAuthFlow#resume(String) */
	public PendingAuth resume(String keyOrPollUrl) {
		return Blocking.await(this.reactive.resume(keyOrPollUrl), "auth request resume");
	}

	/** @see ReactivePryvAuthFlow#resume(Map) */
	public PendingAuth resume(Map<String, String> returnUrlParameters) {
		return Blocking.await(this.reactive.resume(returnUrlParameters), "auth request resume");
	}

	@Override
	public String toString() {
		return "PryvAuthFlow[" + this.reactive + "]";
	}

}
