package io.pryv.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * A Pryv platform, reactive form: its service info and the calls that need no
 * access token (login, auth requests, user registration). Nothing here blocks;
 * {@link PryvService} is the blocking form over this class.
 * <p>
 * Service info is fetched once, on first use, and cached (a failed fetch is not
 * cached); overrides are merged shallowly over it, or form it alone when there is
 * no URL.
 */
public final class ReactivePryvService {

	private final @Nullable String serviceInfoUrl;

	private final ObjectNode overrides;

	private final PryvHttp http;

	private final String origin;

	private final int batchChunkSize;

	private final ObservationRegistry observationRegistry;

	private final AtomicReference<Mono<ServiceInfo>> info = new AtomicReference<>();

	private final AtomicReference<Mono<PryvAssets>> assets = new AtomicReference<>();

	ReactivePryvService(String serviceInfoUrl, ObjectNode overrides, PryvHttp http, String origin, int batchChunkSize) {
		this(serviceInfoUrl, overrides, http, origin, batchChunkSize, ObservationRegistry.NOOP);
	}

	ReactivePryvService(String serviceInfoUrl, ObjectNode overrides, PryvHttp http, String origin, int batchChunkSize,
			ObservationRegistry observationRegistry) {
		if ((serviceInfoUrl == null || serviceInfoUrl.isBlank()) && (overrides == null || overrides.isEmpty())) {
			throw new PryvClientException("A Pryv service needs a service info URL or service info overrides");
		}
		this.serviceInfoUrl = (serviceInfoUrl == null || serviceInfoUrl.isBlank()) ? null : serviceInfoUrl.strip();
		this.overrides = overrides;
		this.http = http;
		this.origin = HeaderValue.check(origin, "Origin of logins");
		this.batchChunkSize = batchChunkSize;
		this.observationRegistry = (observationRegistry != null) ? observationRegistry : ObservationRegistry.NOOP;
	}

	/** @return where this service and its connections report Pryv-level observations */
	ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	/** @return the service info URL, or {@code null} when the service info is given by overrides alone */
	public @Nullable String serviceInfoUrl() {
		return this.serviceInfoUrl;
	}

	/** @return the cached service info, fetched on first use */
	public Mono<ServiceInfo> info() {
		return info(false);
	}

	/**
	 * @param forceFetch {@code true} to fetch it again and replace the cached one
	 * @return the service info
	 */
	public Mono<ServiceInfo> info(boolean forceFetch) {
		Mono<ServiceInfo> cached = this.info.get();
		if (cached == null || forceFetch) {
			Mono<ServiceInfo> fresh = fetchInfo().cacheInvalidateIf((value) -> false);
			if (forceFetch) {
				this.info.set(fresh);
				this.assets.set(null);
			}
			else if (!this.info.compareAndSet(null, fresh)) {
				return this.info.get();
			}
			return fresh;
		}
		return cached;
	}

	private Mono<ServiceInfo> fetchInfo() {
		if (this.serviceInfoUrl == null) {
			return Mono.fromCallable(() -> ServiceInfo.from(this.overrides, "service info overrides"));
		}
		return this.http.call(HttpMethod.GET, this.serviceInfoUrl, null, null, null, "GET service info")
			.map((fetched) -> {
				ObjectNode merged = ((ObjectNode) fetched).deepCopy();
				merged.remove("meta");
				if (this.overrides != null) {
					merged.setAll(this.overrides);
				}
				return ServiceInfo.from(merged, this.serviceInfoUrl);
			});
	}

	/**
	 * The API endpoint of a user on this platform.
	 * @param username the username
	 * @param token the token, or {@code null}
	 * @return the endpoint
	 */
	public Mono<ApiEndpoint> apiEndpointFor(String username, @Nullable String token) {
		Arguments.text("apiEndpointFor", "username", username, "the user's name, e.g. 'alice'");
		return info().map((info) -> info.apiEndpointFor(username, token));
	}

	/**
	 * Log in with a username and password (trusted apps only), sending the
	 * service's {@code Origin} (by default its {@code register} URL).
	 * @param username the username
	 * @param password the password
	 * @param appId the trusted app id
	 * @return a connection with the personal token
	 * @throws MfaRequiredException (signalled) when the account needs MFA
	 */
	public Mono<ReactivePryvConnection> login(String username, String password, String appId) {
		return login(username, password, appId, null);
	}

	/**
	 * Log in with an explicit {@code Origin} header ({@code null}: the service's default).
	 * @see #login(String, String, String)
	 */
	public Mono<ReactivePryvConnection> login(String username, String password, String appId, String origin) {
		Arguments.text("login", "username", username, "the user's name, e.g. 'alice'");
		Arguments.text("login", "password", password, "the user's password");
		Arguments.text("login", "appId", appId, "the id of a trusted app, e.g. 'my-app'");
		return info().flatMap((info) -> {
			ApiEndpoint user = info.apiEndpointFor(username, null);
			String sentOrigin = HeaderValue.check((origin != null) ? origin : originFor(info), "Origin of logins");
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("username", username);
			body.put("password", password);
			body.put("appId", appId);
			String url = user.resolve("auth/login");
			return this.http
				.exchange(HttpMethod.POST, url, null, body, (h) -> h.set(HttpHeaders.ORIGIN, sentOrigin), "auth.login")
				.map((exchanged) -> {
					JsonNode answer = exchanged.body();
					String mfaToken = (answer != null && answer.isObject()) ? Json.text(answer, "mfaToken") : null;
					if (mfaToken != null) {
						throw new MfaRequiredException(username, mfaToken, exchanged.status(),
								Json.text(answer.path("error"), "id"), Json.text(answer, "mfaMethod"));
					}
					answer = this.http.successBody(exchanged, url, null, "auth.login");
					return connection(endpointOf(answer, info, username, "auth.login"));
				});
		});
	}

	/**
	 * Ask the platform to send the MFA challenge (e.g. an SMS) after a login
	 * answered {@link MfaRequiredException}.
	 * @param username the username
	 * @param mfaToken the token of the {@link MfaRequiredException}
	 * @return completion
	 */
	public Mono<Void> mfaChallenge(String username, String mfaToken) {
		Arguments.text("mfaChallenge", "username", username, "the user's name, e.g. 'alice'");
		Arguments.text("mfaChallenge", "mfaToken", mfaToken, "MfaRequiredException.getMfaToken() of the login");
		return apiEndpointFor(username, null)
			.flatMap((user) -> this.http.call(HttpMethod.POST, user.resolve("mfa/challenge"), mfaToken,
					Map.of(), null, "mfa.challenge"))
			.then();
	}

	/**
	 * Complete an MFA login with the code the user received.
	 * @param username the username
	 * @param mfaToken the token of the {@link MfaRequiredException}
	 * @param code the code
	 * @return a connection with the personal token
	 */
	public Mono<ReactivePryvConnection> mfaVerify(String username, String mfaToken, String code) {
		Arguments.text("mfaVerify", "username", username, "the user's name, e.g. 'alice'");
		Arguments.text("mfaVerify", "mfaToken", mfaToken, "MfaRequiredException.getMfaToken() of the login");
		Arguments.text("mfaVerify", "code", code, "the code the user received (SMS, authenticator app)");
		return info().flatMap((info) -> this.http
			.call(HttpMethod.POST, info.apiEndpointFor(username, null).resolve("mfa/verify"), mfaToken,
					Map.of("code", code), null, "mfa.verify")
			.map((answer) -> connection(endpointOf(answer, info, username, "mfa.verify"))));
	}

	private ApiEndpoint endpointOf(JsonNode answer, ServiceInfo info, String username, String what) {
		String apiEndpoint = Json.text(answer, "apiEndpoint");
		if (apiEndpoint != null) {
			return ApiEndpoint.parse(apiEndpoint);
		}
		String token = Json.text(answer, "token");
		if (token == null) {
			throw new PryvClientException("The answer to " + what + " has neither 'token' nor 'apiEndpoint'");
		}
		return info.apiEndpointFor(username, token);
	}

	/** @return a connection to an endpoint, sharing this service's HTTP client */
	ReactivePryvConnection connection(ApiEndpoint endpoint) {
		return new ReactivePryvConnection(endpoint, this.http, this.batchChunkSize, this);
	}

	/**
	 * The platform's visual assets (fetched once, from {@code assets.definitions}).
	 * @return the assets, or empty when the service info names none (lib-js: {@code null})
	 */
	public Mono<PryvAssets> assets() {
		Mono<PryvAssets> cached = this.assets.get();
		if (cached != null) {
			return cached;
		}
		// cached as an Optional: a failed fetch is not cached, "no assets" is
		Mono<PryvAssets> fresh = info().flatMap((info) -> {
			if (info.assetsDefinitions() == null) {
				return Mono.just(Optional.<PryvAssets>empty());
			}
			return this.http.call(HttpMethod.GET, info.assetsDefinitions(), null, null, null, "GET assets definitions")
				.map((json) -> Optional.of(new PryvAssets(info.assetsDefinitions(), json)));
		}).cacheInvalidateIf((value) -> false).flatMap(Mono::justOrEmpty);
		return this.assets.compareAndSet(null, fresh) ? fresh : this.assets.get();
	}

	/**
	 * Start an auth request (consent flow): {@code POST <access>} with the given
	 * body ({@code requestingAppId}, {@code requestedPermissions}, ...).
	 * @param body the request (a {@code Map}, a {@code JsonNode} or any value Jackson can write)
	 * @return the NEED_SIGNIN answer with the key, auth URL and poll URL
	 */
	public Mono<AuthResponse> startAuthRequest(Object body) {
		checkAuthRequest(body);
		return info().flatMap((info) -> {
			String url = info.require("access", info.access());
			return this.http.exchange(HttpMethod.POST, url, null, body, null, "auth request start")
				.map((answer) -> {
					AuthResponse response = toAuthResponse(answer, url, "auth request start");
					if (response.status() != AuthStatus.NEED_SIGNIN) {
						throw new PryvClientException("The platform answered an auth request start with status "
								+ response.status() + " instead of NEED_SIGNIN", null, answer.status(),
								"auth request start", answer.excerpt());
					}
					return response;
				});
		});
	}

	/**
	 * What the platform requires of an auth request, checked before sending it
	 * (lib-js checks it too): a {@code requestingAppId} and a
	 * {@code requestedPermissions} array.
	 */
	private void checkAuthRequest(Object body) {
		Arguments.present("startAuthRequest", "body", body,
				"the request, e.g. AuthRequest.of(appId, permissions).toBody()");
		JsonNode json = (body instanceof JsonNode node) ? node : this.http.mapper().valueToTree(body);
		if (!json.isObject()) {
			throw PryvClientException.invalidArgument("startAuthRequest", "body",
					"is not a JSON object: pass e.g. AuthRequest.of(appId, permissions).toBody()");
		}
		String appId = Json.text(json, "requestingAppId");
		if (appId == null || appId.isBlank()) {
			throw PryvClientException.invalidArgument("startAuthRequest", "body.requestingAppId",
					"is missing: pass the id of the app asking for access, e.g. 'my-app'");
		}
		if (!json.path("requestedPermissions").isArray()) {
			throw PryvClientException.invalidArgument("startAuthRequest", "body.requestedPermissions",
					"is missing or not an array: pass the permissions asked for, e.g. "
							+ "[{streamId: 'heart', level: 'read', defaultName: 'Heart'}]");
		}
	}

	/**
	 * Poll an auth request once.
	 * @param pollUrlOrKey the poll URL, or the request key (then polled under {@code <access>})
	 * @return the request's current state
	 */
	public Mono<AuthResponse> pollAuthRequest(String pollUrlOrKey) {
		Arguments.text("pollAuthRequest", "pollUrlOrKey", pollUrlOrKey,
				"the poll URL or the key of a started auth request");
		return info().flatMap((info) -> {
			String url = pollUrlOrKey.contains("://") ? pollUrlOrKey
					: info.require("access", info.access()) + pollUrlOrKey;
			return this.http.exchange(HttpMethod.GET, url, null, null, null, "auth request poll")
				.map((answer) -> toAuthResponse(answer, url, "auth request poll"))
				.map((response) -> completeEndpoint(response, info));
		});
	}

	private static AuthResponse completeEndpoint(AuthResponse response, ServiceInfo info) {
		if (response.status() != AuthStatus.ACCEPTED || response.apiEndpoint() != null) {
			return response;
		}
		throw new PryvClientException("The platform accepted the auth request of '" + response.username()
				+ "' but its answer has no 'apiEndpoint'");
	}

	private AuthResponse toAuthResponse(PryvHttp.Answer answer, String url, String what) {
		JsonNode body = answer.body();
		if (body == null || !body.isObject()) {
			throw new PryvClientException("The platform answered " + what + " (" + url + ") with HTTP "
					+ answer.status() + " and no JSON object" + ((answer.excerpt() != null) ? ": " + answer.excerpt() : ""),
					null, answer.status(), what, answer.excerpt());
		}
		if (body.get("error") != null && body.get("error").isObject()) {
			throw new PryvApiException(ApiError.from(body.get("error")), answer.status(), what);
		}
		String statusText = Json.text(body, "status");
		AuthStatus status;
		try {
			status = AuthStatus.valueOf(String.valueOf(statusText));
		}
		catch (IllegalArgumentException ex) {
			throw new PryvClientException("The platform answered " + what + " (" + url + ") with HTTP "
					+ answer.status() + " and an unknown status '" + statusText + "'", null, answer.status(), what,
					answer.excerpt());
		}
		String authUrl = (Json.text(body, "authUrl") != null) ? Json.text(body, "authUrl") : Json.text(body, "url");
		String poll = Json.text(body, "poll");
		if (poll == null && status == AuthStatus.REDIRECTED) {
			poll = answer.headers().getFirst(HttpHeaders.LOCATION);
		}
		String apiEndpoint = Json.text(body, "apiEndpoint");
		return new AuthResponse(status, Json.text(body, "key"), authUrl, poll, body.path("poll_rate_ms").asLong(0),
				Json.text(body, "username"), (apiEndpoint != null) ? ApiEndpoint.parse(apiEndpoint) : null,
				Json.text(body, "reasonId"), Json.text(body, "message"));
	}

	/**
	 * Create a user on the platform's register ({@code POST <register>users}).
	 * {@code hosting: "auto"} picks the first hosting of {@link #hostings()}
	 * flagged {@code available}, as lib-js does.
	 * @param fields {@code appId}, {@code username}, {@code password}, {@code email} (required),
	 * {@code hosting} (a key of {@link #hostings()}, or {@code auto}; open-pryv.io 2.0 accepts a
	 * user without it, lib-js requires it), {@code language}, {@code invitationToken}, {@code referer}
	 * @return the new user and its endpoint
	 * @throws PryvClientException (before any call) when a required field is missing,
	 * or (signalled) when {@code hosting} is {@code auto} and no hosting is available
	 */
	public Mono<CreatedUser> createUser(Map<String, ?> fields) {
		Arguments.present("createUser", "fields", fields,
				"the new user's fields: username, password, email, appId (and hosting, or 'auto')");
		Arguments.field("createUser", "fields", fields, "username", "the new user's name");
		Arguments.field("createUser", "fields", fields, "password", "the new user's password");
		Arguments.field("createUser", "fields", fields, "email", "the new user's email address");
		Arguments.field("createUser", "fields", fields, "appId", "the id of the app creating the user");
		Object hosting = fields.get("hosting");
		Mono<Map<String, Object>> sent = AUTO_HOSTING.equals(hosting)
				? hostings().map((tree) -> withHosting(fields, Hostings.firstAvailable(tree)))
				: Mono.just(new LinkedHashMap<>(fields));
		return sent.flatMap((body) -> info().flatMap((info) -> this.http
			.call(HttpMethod.POST, info.require("register", info.register()) + "users", null, body, null, "users.create")
			.map((answer) -> {
				String username = Json.text(answer, "username");
				return new CreatedUser(username, endpointOf(answer, info, username, "users.create"));
			})));
	}

	/** The {@code hosting} of {@link #createUser} that picks the first available hosting. */
	public static final String AUTO_HOSTING = "auto";

	private static Map<String, Object> withHosting(Map<String, ?> fields, String hosting) {
		Map<String, Object> body = new LinkedHashMap<>(fields);
		body.put("hosting", hosting);
		return body;
	}

	/**
	 * Whether a username is taken on the platform ({@code POST <register>{username}/server}).
	 * @param username the username
	 * @return {@code true} if it exists
	 */
	public Mono<Boolean> userExists(String username) {
		Arguments.text("userExists", "username", username, "the name to look up, e.g. 'alice'");
		return info().flatMap((info) -> {
			String url = info.require("register", info.register())
					+ org.springframework.web.util.UriUtils.encodePathSegment(username, java.nio.charset.StandardCharsets.UTF_8)
					+ "/server";
			return this.http.exchange(HttpMethod.POST, url, null, Map.of(), null, "user exists").map((answer) -> {
				if (answer.status() == 404) {
					return false;
				}
				this.http.successBody(answer, url, null, "user exists");
				return true;
			});
		});
	}

	/**
	 * The hostings (regions, data centers) a new user can choose ({@code GET <register>hostings}).
	 * @return the hostings JSON
	 */
	public Mono<JsonNode> hostings() {
		return info().flatMap((info) -> this.http.call(HttpMethod.GET, info.require("register", info.register())
				+ "hostings", null, null, null, "GET hostings"));
	}

	/**
	 * Ask the platform to email a password reset token to a user.
	 * @param username the username
	 * @param appId the app id
	 * @return completion
	 */
	public Mono<Void> requestPasswordReset(String username, String appId) {
		Arguments.text("requestPasswordReset", "username", username, "the user's name, e.g. 'alice'");
		Arguments.text("requestPasswordReset", "appId", appId, "the id of a trusted app, e.g. 'my-app'");
		return accountCall(username, "account/request-password-reset", Map.of("appId", appId, "username", username));
	}

	/**
	 * Set a new password with a reset token received by email.
	 * @param username the username
	 * @param appId the app id
	 * @param resetToken the token from the email
	 * @param newPassword the new password
	 * @return completion
	 */
	public Mono<Void> resetPassword(String username, String appId, String resetToken, String newPassword) {
		Arguments.text("resetPassword", "username", username, "the user's name, e.g. 'alice'");
		Arguments.text("resetPassword", "appId", appId, "the id of a trusted app, e.g. 'my-app'");
		Arguments.text("resetPassword", "resetToken", resetToken, "the reset token the user received by email");
		Arguments.text("resetPassword", "newPassword", newPassword, "the new password");
		return accountCall(username, "account/reset-password", Map.of("appId", appId, "username", username,
				"resetToken", resetToken, "newPassword", newPassword));
	}

	private Mono<Void> accountCall(String username, String path, Map<String, ?> body) {
		return info().flatMap((info) -> {
			String sentOrigin = originFor(info);
			return this.http.call(HttpMethod.POST, info.apiEndpointFor(username, null).resolve(path), null, body,
					(h) -> h.set(HttpHeaders.ORIGIN, sentOrigin), path);
		}).then();
	}

	/**
	 * The {@code Origin} sent with login calls: the configured one, else the
	 * origin (scheme, host, port) of the register URL. lib-js sends the whole
	 * register URL, path included, which is not a valid {@code Origin}.
	 */
	private String originFor(ServiceInfo info) {
		if (this.origin != null) {
			return this.origin;
		}
		java.net.URI register = java.net.URI.create(info.require("register", info.register()));
		return register.getScheme() + "://" + register.getRawAuthority();
	}

	@Override
	public String toString() {
		return "ReactivePryvService[" + ((this.serviceInfoUrl != null) ? this.serviceInfoUrl : "overrides") + "]";
	}

}
