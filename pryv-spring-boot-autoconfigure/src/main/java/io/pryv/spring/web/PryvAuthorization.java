package io.pryv.spring.web;

import java.io.Serializable;

import io.pryv.client.ApiEndpoint;

/**
 * The result of a user's Pryv login, as kept between requests: the granted API
 * endpoint (with its token) and the username. Small and {@link Serializable}
 * so that any session store (Spring Session on Redis or JDBC) can hold it;
 * connections are made from it on each request.
 * <p>
 * {@link #toString()} masks the token.
 *
 * @param apiEndpoint the endpoint with the granted token
 * @param username the user's name on the platform
 */
public record PryvAuthorization(ApiEndpoint apiEndpoint, String username) implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * @throws IllegalArgumentException if the endpoint is missing or has no token
	 */
	public PryvAuthorization {
		if (apiEndpoint == null || !apiEndpoint.hasToken()) {
			throw new IllegalArgumentException("A Pryv authorization needs an API endpoint with a token");
		}
	}

	/** @return the authorization with the endpoint's token masked */
	@Override
	public String toString() {
		return "PryvAuthorization[username=" + this.username + ", apiEndpoint=" + this.apiEndpoint + "]";
	}

}
