package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import io.pryv.client.AuthState;

import org.springframework.security.core.AuthenticationException;

/**
 * Why a Pryv sign-in failed: {@link #status()} is {@code REFUSED} (the user
 * refused), {@code EXPIRED} (the request expired, or the platform forgot it) or
 * {@code ERROR}, with {@link #reasonId()}: the platform's reason, or one of this
 * class's constants when the app itself stopped the sign-in. The message says
 * it in words a user can read; it never holds a token.
 */
public class PryvAuthenticationException extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	/** The browser came back with parameters of another sign-in than the one pending in its session. */
	public static final String REJECTED_RETURN = "rejected-return";

	/** The browser came back while no sign-in was pending in its session. */
	public static final String NO_PENDING_REQUEST = "no-pending-request";

	/**
	 * The auth request would send the browser back somewhere else than this
	 * app's return endpoint (another scheme, host, port or path): not started.
	 */
	public static final String FOREIGN_RETURN_URL = "foreign-return-url";

	/** The requested platform is not in {@code pryv.security.allowed-service-info-urls}. */
	public static final String PLATFORM_NOT_ALLOWED = "platform-not-allowed";

	/** The platform could not be reached, or answered with an error (the sign-in stays pending). */
	public static final String PLATFORM_UNREACHABLE = "platform-unreachable";

	/** The granted access could not be read from the platform (access-info). */
	public static final String ACCESS_CHECK_FAILED = "access-check-failed";

	private final AuthState.Status status;

	private final @Nullable String reasonId;

	/**
	 * @param status {@code REFUSED}, {@code EXPIRED} or {@code ERROR}
	 * @param reasonId the platform's reason, or one of this class's constants (may be {@code null})
	 * @param message the message for the user
	 */
	public PryvAuthenticationException(AuthState.Status status, @Nullable String reasonId, String message) {
		this(status, reasonId, message, null);
	}

	/**
	 * @param status {@code REFUSED}, {@code EXPIRED} or {@code ERROR}
	 * @param reasonId the platform's reason, or one of this class's constants (may be {@code null})
	 * @param message the message for the user
	 * @param cause the cause, or {@code null}
	 */
	public PryvAuthenticationException(AuthState.Status status, @Nullable String reasonId, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		if (status == null || status == AuthState.Status.ACCEPTED || status == AuthState.Status.NEED_SIGNIN) {
			throw new IllegalArgumentException("A failed Pryv sign-in is REFUSED, EXPIRED or ERROR, not " + status);
		}
		this.status = status;
		this.reasonId = reasonId;
	}

	/** @return {@code REFUSED}, {@code EXPIRED} or {@code ERROR} */
	public AuthState.Status status() {
		return this.status;
	}

	/** @return the platform's reason, or one of this class's constants, or {@code null} */
	public @Nullable String reasonId() {
		return this.reasonId;
	}

	/**
	 * @param state a final state without access (REFUSED, EXPIRED, ERROR)
	 * @return the exception telling the user why
	 */
	static PryvAuthenticationException of(AuthState state) {
		String message = switch (state.status()) {
			case REFUSED -> "You refused to give this app access to your Pryv data"
					+ ((state.message() != null) ? " (" + state.message() + ")" : "") + ".";
			case EXPIRED -> "The sign-in request expired before it was answered. Sign in again.";
			default -> "The platform reported an error for this sign-in"
					+ ((state.reasonId() != null) ? " (" + state.reasonId() + ")" : "")
					+ ((state.message() != null) ? ": " + state.message() : "") + ".";
		};
		return new PryvAuthenticationException(state.status(), state.reasonId(), message);
	}

}
