package io.pryv.client;

import org.jspecify.annotations.Nullable;

/**
 * Root of the Pryv client's exceptions: every failure of a Pryv call is one of
 * its two subclasses, {@link PryvApiException} (the platform answered with an
 * API error) or {@link PryvClientException} (transport, an answer that is not a
 * Pryv answer, parsing or bad input).
 * <p>
 * Both forms, blocking and reactive, fail with the same exceptions, and every
 * failure of an HTTP exchange says, whatever its type:
 * <ul>
 * <li>{@link #getHttpStatus()}: the HTTP status of the answer, or 0 when there
 * was none (a transport failure, bad input, a failed slot of a batch);</li>
 * <li>{@link #getErrorId()} and {@link #getErrorMessage()}: the Pryv error the
 * answer held, or {@code null} when it held none;</li>
 * <li>{@link #getApiMethod()}: the API method or request that failed, e.g.
 * {@code events.get} or {@code GET access-info}.</li>
 * </ul>
 * Messages never contain an access token.
 */
public abstract class PryvException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int httpStatus;

	private final @Nullable String apiMethod;

	protected PryvException(String message, @Nullable Throwable cause) {
		this(message, cause, 0, null);
	}

	/**
	 * @param message the message (never with a token)
	 * @param cause the cause, or {@code null}
	 * @param httpStatus the HTTP status of the answer, or 0 when there was none
	 * @param apiMethod the API method or request that failed, or {@code null}
	 */
	protected PryvException(String message, @Nullable Throwable cause, int httpStatus,
			@Nullable String apiMethod) {
		super(message, cause);
		this.httpStatus = Math.max(httpStatus, 0);
		this.apiMethod = apiMethod;
	}

	/**
	 * The HTTP status of the answer that failed the call: branch on 401, 403,
	 * 404, 429, 5xx.
	 * @return the status, or 0 when there was no HTTP answer (transport failure,
	 * bad input) or for an error in a batch slot
	 */
	public int getHttpStatus() {
		return this.httpStatus;
	}

	/** @return whether an HTTP answer came ({@link #getHttpStatus()} is not 0) */
	public boolean hasHttpStatus() {
		return this.httpStatus > 0;
	}

	/** @return the API method or request that failed (e.g. {@code events.get}), or {@code null} */
	public @Nullable String getApiMethod() {
		return this.apiMethod;
	}

	/**
	 * @return the Pryv error id of the answer (e.g. {@code invalid-access-token},
	 * {@code mfa-required}), or {@code null} when the failure carries none
	 */
	public @Nullable String getErrorId() {
		return null;
	}

	/** @return the platform's message of the Pryv error, or {@code null} when the failure carries none */
	public String getErrorMessage() {
		return null;
	}

}
