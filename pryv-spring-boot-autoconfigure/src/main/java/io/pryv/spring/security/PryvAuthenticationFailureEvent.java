package io.pryv.spring.security;

import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Published (as Spring Security's other authentication failure events) when a
 * Pryv sign-in fails: refused, expired, a platform error or a rejected return.
 * {@link #getException()} is a {@link PryvAuthenticationException}.
 */
public class PryvAuthenticationFailureEvent extends AbstractAuthenticationFailureEvent {

	private static final long serialVersionUID = 1L;

	/**
	 * @param authentication the sign-in attempt
	 * @param exception why it failed
	 */
	public PryvAuthenticationFailureEvent(Authentication authentication,
			AuthenticationException exception) {
		super(authentication, exception);
	}

}
