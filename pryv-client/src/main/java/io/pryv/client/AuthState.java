package io.pryv.client;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where an auth request (consent flow) stands after a poll.
 * <ul>
 * <li>{@link Status#NEED_SIGNIN}: the user has not answered yet; poll again later;</li>
 * <li>{@link Status#ACCEPTED}: {@link #apiEndpoint()} (with the granted token) and {@link #username()} are set;</li>
 * <li>{@link Status#REFUSED}, {@link Status#ERROR}: {@link #reasonId()} and {@link #message()} say why;</li>
 * <li>{@link Status#EXPIRED}: the request is past its expiry, or the platform no longer knows its key.</li>
 * </ul>
 * {@link #toString()} masks the token.
 */
public final class AuthState {

	/** The states of an auth request, as lib-js names them (ACCEPTED is lib-js's AUTHORIZED). */
	public enum Status {

		/** Waiting for the user to sign in and consent. */
		NEED_SIGNIN,

		/** The user granted access. */
		ACCEPTED,

		/** The user refused. */
		REFUSED,

		/** The platform reported an error. */
		ERROR,

		/** The request expired (locally, or unknown to the platform). */
		EXPIRED

	}

	private final Status status;

	private final ApiEndpoint apiEndpoint;

	private final @Nullable String username;

	private final @Nullable String reasonId;

	private final @Nullable String message;

	private final PendingAuth pending;

	private AuthState(Status status, ApiEndpoint apiEndpoint, String username, String reasonId, String message,
			PendingAuth pending) {
		this.status = Objects.requireNonNull(status, "status");
		this.apiEndpoint = apiEndpoint;
		this.username = username;
		this.reasonId = reasonId;
		this.message = message;
		this.pending = pending;
	}

	/**
	 * @param pending the request, still waiting
	 * @return a NEED_SIGNIN state
	 */
	public static AuthState needSignin(PendingAuth pending) {
		return new AuthState(Status.NEED_SIGNIN, null, null, null, null, pending);
	}

	/**
	 * @param pending the request
	 * @param apiEndpoint the endpoint with the granted token
	 * @param username the user who accepted
	 * @return an ACCEPTED state
	 */
	public static AuthState accepted(PendingAuth pending, ApiEndpoint apiEndpoint, String username) {
		if (apiEndpoint == null || !apiEndpoint.hasToken()) {
			throw new PryvClientException("An accepted auth request needs an API endpoint with a token");
		}
		return new AuthState(Status.ACCEPTED, apiEndpoint, username, null, null, pending);
	}

	/**
	 * @param status REFUSED, ERROR or EXPIRED
	 * @param pending the request
	 * @param reasonId why, as the platform says (may be {@code null})
	 * @param message the platform's message (may be {@code null})
	 * @return a final state without access
	 */
	public static AuthState ended(Status status, PendingAuth pending, String reasonId, String message) {
		if (status == Status.ACCEPTED || status == Status.NEED_SIGNIN) {
			throw new IllegalArgumentException("Not an ending status without access: " + status);
		}
		return new AuthState(status, null, null, reasonId, message, pending);
	}

	/** @return the status */
	public Status status() {
		return this.status;
	}

	/** @return the endpoint with the granted token (ACCEPTED), else {@code null} */
	public ApiEndpoint apiEndpoint() {
		return this.apiEndpoint;
	}

	/** @return the user who accepted (ACCEPTED), else {@code null} */
	public @Nullable String username() {
		return this.username;
	}

	/** @return why the request ended (REFUSED, ERROR, EXPIRED), or {@code null} */
	public @Nullable String reasonId() {
		return this.reasonId;
	}

	/** @return the platform's message (REFUSED, ERROR, EXPIRED), or {@code null} */
	public @Nullable String message() {
		return this.message;
	}

	/** @return the request this state is about (with the latest poll URL) */
	public PendingAuth pending() {
		return this.pending;
	}

	/** @return whether polling is over (anything but NEED_SIGNIN) */
	public boolean isFinal() {
		return this.status != Status.NEED_SIGNIN;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AuthState that && this.status == that.status
				&& Objects.equals(this.apiEndpoint, that.apiEndpoint) && Objects.equals(this.username, that.username)
				&& Objects.equals(this.reasonId, that.reasonId) && Objects.equals(this.message, that.message)
				&& Objects.equals(this.pending, that.pending);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.status, this.apiEndpoint, this.username, this.reasonId, this.message, this.pending);
	}

	/** @return the state, with the token of its endpoint masked */
	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("AuthState[").append(this.status);
		if (this.username != null) {
			text.append(", username=").append(this.username);
		}
		if (this.apiEndpoint != null) {
			text.append(", apiEndpoint=").append(this.apiEndpoint);
		}
		if (this.reasonId != null) {
			text.append(", reasonId=").append(this.reasonId);
		}
		if (this.message != null) {
			text.append(", message=").append(this.message);
		}
		if (this.pending != null) {
			text.append(", key=").append(this.pending.key());
		}
		return text.append(']').toString();
	}

}
