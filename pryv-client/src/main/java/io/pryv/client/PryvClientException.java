package io.pryv.client;

import org.jspecify.annotations.Nullable;

/**
 * A failure on the client side of a Pryv call: the platform could not be
 * reached, its answer could not be read (not JSON, cut mid-way, of an
 * unexpected shape, not a Pryv answer), or the input given to the client was
 * invalid (a missing argument, a malformed endpoint string, invalid service
 * info).
 * <p>
 * Besides what every {@link PryvException} says (the HTTP status when an answer
 * came, the request), it tells which of these it is:
 * <ul>
 * <li>an answer that is not a Pryv answer (an HTTP error without a Pryv error
 * body, a body that is not JSON, JSON of another shape):
 * {@link #getHttpStatus()} and {@link #getBodyExcerpt()}, the start of the
 * body, bounded and without tokens;</li>
 * <li>no answer at all: {@link #getTransportFailure()} (connect, reset,
 * timeout), and no status;</li>
 * <li>a bad argument, found before any call: {@link #getArgument()}.</li>
 * </ul>
 */
public class PryvClientException extends PryvException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String bodyExcerpt;

	private final @Nullable TransportFailure transportFailure;

	private final @Nullable String argument;

	public PryvClientException(String message) {
		super(message, null);
		this.bodyExcerpt = null;
		this.transportFailure = null;
		this.argument = null;
	}

	public PryvClientException(String message, @Nullable Throwable cause) {
		super(message, cause);
		this.bodyExcerpt = null;
		this.transportFailure = null;
		this.argument = null;
	}

	/**
	 * A failure about an HTTP answer that is not the Pryv answer expected.
	 * @param message the message (never with a token)
	 * @param cause the cause, or {@code null}
	 * @param httpStatus the HTTP status of the answer
	 * @param apiMethod the API method or request, or {@code null}
	 * @param bodyExcerpt the start of the body, bounded and without tokens, or {@code null}
	 */
	public PryvClientException(String message, @Nullable Throwable cause, int httpStatus,
			@Nullable String apiMethod, @Nullable String bodyExcerpt) {
		this(message, cause, httpStatus, apiMethod, bodyExcerpt, null, null);
	}

	private PryvClientException(String message, Throwable cause, int httpStatus, String apiMethod, String bodyExcerpt,
			TransportFailure transportFailure, String argument) {
		super(message, cause, httpStatus, apiMethod);
		this.bodyExcerpt = bodyExcerpt;
		this.transportFailure = transportFailure;
		this.argument = argument;
	}

	/**
	 * A call that got no HTTP answer.
	 * @param message the message (never with a token)
	 * @param cause what the HTTP client signalled
	 * @param failure which failure it was
	 * @param apiMethod the API method or request
	 * @return the exception
	 */
	public static PryvClientException transport(String message, @Nullable Throwable cause, TransportFailure failure,
			@Nullable String apiMethod) {
		return new PryvClientException(message, cause, 0, apiMethod, null, failure, null);
	}

	/**
	 * A bad argument of a public method, found before any call.
	 * @param method the method, e.g. {@code PryvService.mfaVerify}
	 * @param argument the argument's name, e.g. {@code code}
	 * @param problemAndFix what is wrong and how to fix it, e.g. {@code is null: pass the code the user received}
	 * @return the exception, whose message names the method and the argument
	 */
	public static PryvClientException invalidArgument(String method, String argument, String problemAndFix) {
		return new PryvClientException(method + ": the argument '" + argument + "' " + problemAndFix, null, 0, method,
				null, null, argument);
	}

	/**
	 * @return the start of the answer's body (at most a few hundred characters,
	 * tokens masked) when the answer was not a Pryv answer, else {@code null}
	 */
	public @Nullable String getBodyExcerpt() {
		return this.bodyExcerpt;
	}

	/** @return which transport failure it was when no answer came, else {@code null} */
	public @Nullable TransportFailure getTransportFailure() {
		return this.transportFailure;
	}

	/** @return the name of the bad argument when the input was rejected before any call, else {@code null} */
	public @Nullable String getArgument() {
		return this.argument;
	}

}
