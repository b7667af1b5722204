package io.pryv.client;

/**
 * A failure on the client side of a Pryv call: the platform could not be
 * reached, its answer could not be read (not JSON, cut mid-way, of an
 * unexpected shape), or the input given to the client was invalid (a malformed
 * endpoint string, invalid service info).
 */
public class PryvClientException extends PryvException {

	private static final long serialVersionUID = 1L;

	public PryvClientException(String message) {
		super(message, null);
	}

	public PryvClientException(String message, Throwable cause) {
		super(message, cause);
	}

}
