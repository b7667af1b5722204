package io.pryv.client;

import java.time.Duration;

/**
 * How idempotent requests are retried: service info, {@code GET}s, auth request
 * polls, attachment downloads, and event streams that failed before their first
 * byte. Writes (batch calls, creates, updates, deletes, uploads, logins) are never
 * retried: a write is never sent twice.
 * <p>
 * A request is retried on a connection error (refused, reset or closed before any
 * byte of the answer, connect timeout) and on HTTP 502, 503, 504 and 429, with
 * exponential backoff and jitter (Reactor's {@code Retry.backoff}). An answer's
 * {@code Retry-After} (seconds or an HTTP date) is waited for first, up to
 * {@link #maxRetryAfter()}. A read timeout is not retried (the platform may be
 * slow, not gone), and neither is a stream that already delivered events.
 *
 * @param maxRetries how many times a request is sent again at most (0: never)
 * @param firstBackoff the delay before the first retry, doubled for each next one
 * @param maxBackoff the longest delay between two attempts
 * @param jitter the random share of each delay, from 0 to 1
 * @param maxRetryAfter the longest {@code Retry-After} honoured (a longer one is cut to it)
 */
public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff, double jitter,
		Duration maxRetryAfter) {

	/** 3 retries, 200 ms then doubling up to 2 s, 50% jitter, {@code Retry-After} up to 10 s. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 0.5,
			Duration.ofSeconds(10));

	/** Never retry. */
	public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(200), Duration.ofSeconds(2), 0.5,
			Duration.ofSeconds(10));

	/**
	 * Check the values.
	 * @throws PryvClientException naming the value that is wrong
	 */
	public RetryPolicy {
		if (maxRetries < 0) {
			throw new PryvClientException("The retry count must be 0 or more, not " + maxRetries);
		}
		requirePositive(firstBackoff, "first backoff");
		requirePositive(maxBackoff, "max backoff");
		if (maxBackoff.compareTo(firstBackoff) < 0) {
			throw new PryvClientException(
					"The max backoff (" + maxBackoff + ") must not be shorter than the first backoff (" + firstBackoff + ")");
		}
		if (!(jitter >= 0 && jitter <= 1)) {
			throw new PryvClientException("The retry jitter must be between 0 and 1, not " + jitter);
		}
		if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
			throw new PryvClientException("The longest Retry-After honoured must be 0 or more, not " + maxRetryAfter);
		}
	}

	private static void requirePositive(Duration value, String what) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new PryvClientException("The retry " + what + " must be a positive duration, not " + value);
		}
	}

	/** @return whether requests are retried at all */
	public boolean enabled() {
		return this.maxRetries > 0;
	}

}
