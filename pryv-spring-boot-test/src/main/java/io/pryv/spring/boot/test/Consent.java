package io.pryv.spring.boot.test;

import tools.jackson.databind.JsonNode;

/**
 * One auth request of the {@link SimulatedPryvPlatform} seen from the user's
 * side: what the app asks for, and the user's answer, given as on the
 * platform's consent page.
 * <pre class="code">
 * Consent consent = platform.pendingConsent();
 * assertThat(consent.appId()).isEqualTo("my-portal");
 * String back = consent.accept("alice");     // the URL the browser returns to, or null without returnURL
 * </pre>
 */
public final class Consent {

	private final PlatformState state;

	private final PlatformRoutes routes;

	private final PlatformState.AuthRequestRecord request;

	Consent(PlatformState state, PlatformRoutes routes, PlatformState.AuthRequestRecord request) {
		this.state = state;
		this.routes = routes;
		this.request = request;
	}

	/** @return the request's key */
	public String key() {
		return this.request.key;
	}

	/** @return the requesting app id */
	public String appId() {
		return this.request.appId;
	}

	/** @return the consent page's URL, as the platform gave it to the app */
	public String authUrl() {
		return this.routes.authUrl(this.request);
	}

	/** @return the poll URL */
	public String pollUrl() {
		return this.state.baseUrl + "/reg/access/" + this.request.key;
	}

	/** @return the {@code returnURL} the app gave, or {@code null} */
	public String returnUrl() {
		return this.request.returnUrl();
	}

	/** @return the body the app posted to start the request (requestedPermissions, clientData...) */
	public JsonNode request() {
		return this.request.body.deepCopy();
	}

	/** @return the requested permissions */
	public JsonNode requestedPermissions() {
		return this.request.body.path("requestedPermissions").deepCopy();
	}

	/** @return NEED_SIGNIN, ACCEPTED, REFUSED, or EXPIRED */
	public String status() {
		if (this.state.authRequest(this.request.key) == null) {
			return "EXPIRED";
		}
		synchronized (this.state) {
			return this.request.state;
		}
	}

	/**
	 * The user signs in and accepts: the account is created when new (and
	 * seeded by the new-user hook), requested streams it lacks are created,
	 * and an app access with the requested permissions is granted. The next
	 * poll answers ACCEPTED.
	 * @param username the user who accepts
	 * @return the URL the consent page sends the browser back to (the app's
	 * {@code returnURL} with {@code prYvkey}, {@code prYvstatus}, {@code prYvpoll}),
	 * or {@code null} when the app gave no returnURL
	 * @throws IllegalStateException when the request was already answered or expired
	 */
	public String accept(String username) {
		if (username == null || !username.matches("[a-z0-9][a-z0-9-]{3,58}[a-z0-9]")) {
			throw new IllegalArgumentException("'" + username + "' is not a Pryv username");
		}
		live();
		this.state.accept(this.request, username);
		return this.routes.returnLocation(this.request);
	}

	/**
	 * The user refuses: the next poll answers REFUSED (403).
	 * @return the URL the consent page sends the browser back to, or {@code null}
	 * @throws IllegalStateException when the request was already answered or expired
	 */
	public String refuse() {
		live();
		this.state.refuse(this.request);
		return this.routes.returnLocation(this.request);
	}

	/** The request expires now: polls answer 400 {@code unknown-access-key}, as after its hour. */
	public void expire() {
		this.state.expire(this.request);
	}

	private void live() {
		if (this.state.authRequest(this.request.key) == null) {
			throw new IllegalStateException("The auth request " + this.request.key + " has expired");
		}
	}

	@Override
	public String toString() {
		return "Consent[" + this.request.key + " by " + this.request.appId + ", " + status() + "]";
	}

}
