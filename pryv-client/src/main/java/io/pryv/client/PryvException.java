package io.pryv.client;

/**
 * Root of the Pryv client's exceptions: every failure of a Pryv call is one of
 * its two subclasses, {@link PryvApiException} (the platform answered with an
 * API error) or {@link PryvClientException} (transport, parsing or bad input).
 * <p>
 * Messages never contain an access token.
 */
public abstract class PryvException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	protected PryvException(String message, Throwable cause) {
		super(message, cause);
	}

}
