package io.pryv.spring.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Thrown when a controller needs the user's Pryv connection and the user has
 * not logged in (or the login was removed). Spring MVC answers it with
 * {@code 401 Unauthorized}; handle it with an {@code @ExceptionHandler} to
 * redirect pages to a login instead.
 */
public class PryvLoginRequiredException extends ResponseStatusException {

	private static final long serialVersionUID = 1L;

	/** A 401 with a message saying that a Pryv login is needed. */
	public PryvLoginRequiredException() {
		super(HttpStatus.UNAUTHORIZED, "Log in with Pryv first: this request needs your Pryv connection");
	}

}
