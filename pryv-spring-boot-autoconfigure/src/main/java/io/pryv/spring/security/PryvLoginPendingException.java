package io.pryv.spring.security;

import io.pryv.client.PendingAuth;

import org.springframework.security.core.AuthenticationException;

/**
 * The user has not answered on the platform yet (NEED_SIGNIN): not a failure,
 * the sign-in goes on with {@link #pending()} (its latest poll URL and rate).
 */
class PryvLoginPendingException extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	private final transient PendingAuth pending;

	PryvLoginPendingException(PendingAuth pending) {
		super("The user has not answered the sign-in request yet");
		this.pending = pending;
	}

	PendingAuth pending() {
		return this.pending;
	}

}
