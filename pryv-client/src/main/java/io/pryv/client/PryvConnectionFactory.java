package io.pryv.client;

import reactor.core.publisher.Mono;

/**
 * Makes {@link PryvConnection}s that share one configured HTTP client: from an
 * endpoint string, from a username and token (through the platform's
 * {@link PryvService}), or from a login.
 *
 * <pre>{@code
 * PryvConnectionFactory factory = new PryvConnectionFactory(service);
 * PryvConnection connection = factory.connect("https://token@alice.pryv.me/");
 * }</pre>
 */
public final class PryvConnectionFactory {

	private final PryvService service;

	/**
	 * A factory whose connections share the HTTP client, JSON mapper and batch
	 * chunk size of a service.
	 * @param service the platform
	 */
	public PryvConnectionFactory(PryvService service) {
		this.service = service;
	}

	/** @return the platform of the connections */
	public PryvService service() {
		return this.service;
	}

	/**
	 * @param apiEndpoint an endpoint string, {@code https://{token}@{host}/[{username}/]}
	 * @return a connection to it
	 * @throws PryvClientException if the string is malformed
	 */
	public PryvConnection connect(String apiEndpoint) {
		return connect(ApiEndpoint.parse(apiEndpoint));
	}

	/**
	 * @param apiEndpoint an endpoint
	 * @return a connection to it
	 */
	public PryvConnection connect(ApiEndpoint apiEndpoint) {
		return new PryvConnection(connectReactive(apiEndpoint));
	}

	/**
	 * @param apiEndpoint an endpoint
	 * @return a reactive connection to it
	 */
	public ReactivePryvConnection connectReactive(ApiEndpoint apiEndpoint) {
		return this.service.reactive().connection(apiEndpoint);
	}

	/**
	 * A connection to a user's API with a token, its endpoint built from the
	 * platform's {@code api} template (this fetches the service info once).
	 * @param username the username
	 * @param token the token
	 * @return the connection
	 */
	public PryvConnection connect(String username, String token) {
		return connect(this.service.apiEndpointFor(username, token));
	}

	/**
	 * @param username the username
	 * @param token the token
	 * @return a reactive connection
	 * @see #connect(String, String)
	 */
	public Mono<ReactivePryvConnection> connectReactive(String username, String token) {
		return this.service.reactive().apiEndpointFor(username, token).map(this::connectReactive);
	}

	/**
	 * Log in (trusted apps) and connect with the personal token.
	 * @param username the username
	 * @param password the password
	 * @param appId the trusted app id
	 * @return the connection
	 * @see PryvService#login(String, String, String)
	 */
	public PryvConnection login(String username, String password, String appId) {
		return this.service.login(username, password, appId);
	}

	@Override
	public String toString() {
		return "PryvConnectionFactory[" + this.service + "]";
	}

}
