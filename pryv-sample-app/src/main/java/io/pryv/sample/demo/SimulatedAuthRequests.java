package io.pryv.sample.demo;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

/**
 * The auth requests (consent flow) of the simulated platform: each has a key, a
 * state the consent page changes, and an expiry (1 hour, or the request's
 * {@code expireAfter} seconds), as open-pryv.io keeps them.
 */
final class SimulatedAuthRequests {

	private static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);

	private static final int MAX_PENDING = 10_000;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, AuthRequest> requests = new ConcurrentHashMap<>();

	private final Clock clock;

	SimulatedAuthRequests(Clock clock) {
		this.clock = clock;
	}

	/** One auth request; {@code state} is NEED_SIGNIN, ACCEPTED or REFUSED. */
	static final class AuthRequest {

		final String key;

		final String appId;

		final JsonNode body;

		final Instant expiresAt;

		volatile String state = "NEED_SIGNIN";

		volatile String username;

		volatile String token;

		AuthRequest(String key, String appId, JsonNode body, Instant expiresAt) {
			this.key = key;
			this.appId = appId;
			this.body = body;
			this.expiresAt = expiresAt;
		}

		String returnUrl() {
			JsonNode url = this.body.get("returnURL");
			return (url != null && url.isString()) ? url.asString() : null;
		}

	}

	AuthRequest create(String appId, JsonNode body) {
		removeExpired();
		if (this.requests.size() >= MAX_PENDING) {
			throw new IllegalStateException("too many pending auth requests");
		}
		JsonNode expireAfter = body.get("expireAfter");
		Duration expiry = (expireAfter != null && expireAfter.isNumber() && expireAfter.asLong() > 0)
				? Duration.ofSeconds(expireAfter.asLong()) : DEFAULT_EXPIRY;
		AuthRequest request = new AuthRequest(randomId(16), appId, body, this.clock.instant().plus(expiry));
		this.requests.put(request.key, request);
		return request;
	}

	/** @return the live request with this key, or {@code null} (unknown or expired) */
	AuthRequest find(String key) {
		AuthRequest request = this.requests.get(key);
		if (request != null && !this.clock.instant().isBefore(request.expiresAt)) {
			this.requests.remove(key);
			return null;
		}
		return request;
	}

	private void removeExpired() {
		Instant now = this.clock.instant();
		this.requests.values().removeIf((request) -> !now.isBefore(request.expiresAt));
	}

	static String randomId(int length) {
		String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return id.toString();
	}

}
