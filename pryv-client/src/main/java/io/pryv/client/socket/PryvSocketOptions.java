package io.pryv.client.socket;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

import io.pryv.client.PryvClientException;

/**
 * How a {@link ReactivePryvSocket} connects and reconnects. Start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param username the user whose namespace to join, or {@code null} to ask the
 * platform ({@code access-info}) once at open
 * @param connectTimeout how long an open may take, up to the namespace's acceptance
 * @param callTimeout how long a call over the socket may wait for its acknowledgement
 * @param reconnectDelay the first delay before reconnecting after a lost link
 * (doubled at each failed attempt, with a random part of up to half of it)
 * @param reconnectDelayMax the longest delay between two attempts
 * @param reconnectAttempts how many attempts in a row before giving up for good
 * (the socket then closes with an error); 0 for no limit
 * @param httpClient the Reactor Netty client the WebSocket is opened with
 * (proxy, TLS, resources), or {@code null} for a default one; no connection pool is used
 */
public record PryvSocketOptions(@Nullable String username, Duration connectTimeout, Duration callTimeout,
		Duration reconnectDelay, Duration reconnectDelayMax, int reconnectAttempts, @Nullable HttpClient httpClient) {

	public PryvSocketOptions {
		requirePositive(connectTimeout, "connectTimeout");
		requirePositive(callTimeout, "callTimeout");
		requirePositive(reconnectDelay, "reconnectDelay");
		requirePositive(reconnectDelayMax, "reconnectDelayMax");
		if (reconnectDelayMax.compareTo(reconnectDelay) < 0) {
			throw new PryvClientException("Socket option reconnectDelayMax (" + reconnectDelayMax
					+ ") is shorter than reconnectDelay (" + reconnectDelay + ")");
		}
		if (reconnectAttempts < 0) {
			throw new PryvClientException("Socket option reconnectAttempts must be 0 (no limit) or more, not "
					+ reconnectAttempts);
		}
		if (username != null && !username.matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
			throw new PryvClientException("Socket option username '" + username
					+ "' is not a Pryv username (letters, digits and '-')");
		}
	}

	/**
	 * Socket.IO's own defaults: open within 20 s, reconnect after 1 s doubling up
	 * to 5 s with no attempt limit; calls answered within 30 s.
	 * @return the defaults
	 */
	public static PryvSocketOptions defaults() {
		return new PryvSocketOptions(null, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(1),
				Duration.ofSeconds(5), 0, null);
	}

	/**
	 * @param name the user whose namespace to join (skips the {@code access-info} call)
	 * @return these options with that username
	 */
	public PryvSocketOptions withUsername(String name) {
		return new PryvSocketOptions(name, this.connectTimeout, this.callTimeout, this.reconnectDelay,
				this.reconnectDelayMax, this.reconnectAttempts, this.httpClient);
	}

	/**
	 * @param timeout how long an open may take
	 * @return these options with that timeout
	 */
	public PryvSocketOptions withConnectTimeout(Duration timeout) {
		return new PryvSocketOptions(this.username, timeout, this.callTimeout, this.reconnectDelay,
				this.reconnectDelayMax, this.reconnectAttempts, this.httpClient);
	}

	/**
	 * @param timeout how long a call may wait for its acknowledgement
	 * @return these options with that timeout
	 */
	public PryvSocketOptions withCallTimeout(Duration timeout) {
		return new PryvSocketOptions(this.username, this.connectTimeout, timeout, this.reconnectDelay,
				this.reconnectDelayMax, this.reconnectAttempts, this.httpClient);
	}

	/**
	 * @param delay the first delay before reconnecting
	 * @param delayMax the longest delay
	 * @param attempts attempts in a row before giving up, 0 for no limit
	 * @return these options with that reconnection policy
	 */
	public PryvSocketOptions withReconnection(Duration delay, Duration delayMax, int attempts) {
		return new PryvSocketOptions(this.username, this.connectTimeout, this.callTimeout, delay, delayMax, attempts,
				this.httpClient);
	}

	/**
	 * @param client the Reactor Netty client to open the WebSocket with
	 * @return these options with that client
	 */
	public PryvSocketOptions withHttpClient(HttpClient client) {
		return new PryvSocketOptions(this.username, this.connectTimeout, this.callTimeout, this.reconnectDelay,
				this.reconnectDelayMax, this.reconnectAttempts, client);
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new PryvClientException("Socket option " + name + " must be a positive duration, not " + duration);
		}
	}

}
