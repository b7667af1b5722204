package io.pryv.client;

import java.io.Serializable;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An auth request (consent flow) that waits for the user: what is needed to
 * poll it later, on any app instance. It holds no token, so it can be kept in
 * an HTTP session and shown in logs.
 *
 * @param key the request's key
 * @param authUrl the consent page to send the user's browser to ({@code null}
 * when resumed from a return URL)
 * @param pollUrl the URL to poll
 * @param pollRateMs how often to poll, in ms
 * @param expiresAt when this client stops polling and reports {@code EXPIRED}
 */
public record PendingAuth(@Nullable String key, @Nullable String authUrl, String pollUrl, long pollRateMs, Instant expiresAt)
		implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * @throws PryvClientException if the poll URL or expiry is missing, or the rate not positive
	 */
	public PendingAuth {
		if (pollUrl == null || pollUrl.isBlank()) {
			throw new PryvClientException("A pending auth request needs a poll URL");
		}
		if (pollRateMs <= 0) {
			throw new PryvClientException("The poll rate of a pending auth request must be positive, not " + pollRateMs);
		}
		if (expiresAt == null) {
			throw new PryvClientException("A pending auth request needs an expiry instant");
		}
	}

	/**
	 * @param now the current instant
	 * @return whether this request is past its expiry
	 */
	public boolean isExpired(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	/**
	 * @param newPollUrl the poll URL the platform redirected to
	 * @return a copy polling another URL
	 */
	PendingAuth withPollUrl(String newPollUrl) {
		return new PendingAuth(this.key, this.authUrl, newPollUrl, this.pollRateMs, this.expiresAt);
	}

}
