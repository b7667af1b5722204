package io.pryv.client;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * A Pryv platform, blocking form: service info, login, the auth request
 * (consent flow) and user registration, as lib-js's {@code Service}.
 * <p>
 * A thin layer over {@link ReactivePryvService} ({@link #reactive()}); never
 * call it on an event-loop thread (it fails clearly there).
 *
 * <pre>{@code
 * PryvService service = PryvService.builder()
 *     .serviceInfoUrl("https://reg.pryv.me/service/info")
 *     .build();
 * PryvConnection connection = service.login("alice", "secret", "my-app");
 * }</pre>
 */
public final class PryvService {

	/** The service info URL of Pryv Lab, the public test platform. */
	public static final String PRYV_LAB_SERVICE_INFO_URL = "https://reg.pryv.me/service/info";

	private final ReactivePryvService reactive;

	/**
	 * Wrap a reactive service.
	 * @param reactive the reactive service
	 */
	public PryvService(ReactivePryvService reactive) {
		this.reactive = Arguments.present("PryvService", "reactive", reactive,
				"a ReactivePryvService, or use PryvService.builder()");
	}

	/** @return a builder */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the reactive form of this service (same caches) */
	public ReactivePryvService reactive() {
		return this.reactive;
	}

	/** @see ReactivePryvService#info() */
	public ServiceInfo info() {
		return Blocking.await(this.reactive.info(), "service info");
	}

	/** @see ReactivePryvService#info(boolean) */
	public ServiceInfo info(boolean forceFetch) {
		return Blocking.await(this.reactive.info(forceFetch), "service info");
	}

	/** @see ReactivePryvService#apiEndpointFor(String, String) */
	public ApiEndpoint apiEndpointFor(String username, String token) {
		return Blocking.await(this.reactive.apiEndpointFor(username, token), "apiEndpointFor");
	}

	/** @see ReactivePryvService#login(String, String, String) */
	public PryvConnection login(String username, String password, String appId) {
		return new PryvConnection(Blocking.await(this.reactive.login(username, password, appId), "auth.login"));
	}

	/** @see ReactivePryvService#login(String, String, String, String) */
	public PryvConnection login(String username, String password, String appId, String origin) {
		return new PryvConnection(Blocking.await(this.reactive.login(username, password, appId, origin), "auth.login"));
	}

	/** @see ReactivePryvService#mfaChallenge(String, String) */
	public void mfaChallenge(String username, String mfaToken) {
		Blocking.await(this.reactive.mfaChallenge(username, mfaToken), "mfa.challenge");
	}

	/** @see ReactivePryvService#mfaVerify(String, String, String) */
	public PryvConnection mfaVerify(String username, String mfaToken, String code) {
		return new PryvConnection(Blocking.await(this.reactive.mfaVerify(username, mfaToken, code), "mfa.verify"));
	}

	/**
	 * The platform's visual assets (fetched once, from {@code assets.definitions}).
	 * @return the assets, or empty when the service info names none (lib-js: {@code null})
	 * @see ReactivePryvService#assets()
	 */
	public Optional<PryvAssets> assets() {
		return Optional.ofNullable(Blocking.await(this.reactive.assets(), "assets"));
	}

	/** @see ReactivePryvService#startAuthRequest(Object) */
	public AuthResponse startAuthRequest(Object body) {
		return Blocking.await(this.reactive.startAuthRequest(body), "auth request start");
	}

	/** @see ReactivePryvService#pollAuthRequest(String) */
	public AuthResponse pollAuthRequest(String pollUrlOrKey) {
		return Blocking.await(this.reactive.pollAuthRequest(pollUrlOrKey), "auth request poll");
	}

	/** @see ReactivePryvService#createUser(Map) */
	public CreatedUser createUser(Map<String, ?> fields) {
		return Blocking.await(this.reactive.createUser(fields), "users.create");
	}

	/** @see ReactivePryvService#userExists(String) */
	public boolean userExists(String username) {
		return Boolean.TRUE.equals(Blocking.await(this.reactive.userExists(username), "user exists"));
	}

	/** @see ReactivePryvService#hostings() */
	public JsonNode hostings() {
		return Blocking.await(this.reactive.hostings(), "hostings");
	}

	/** @see ReactivePryvService#requestPasswordReset(String, String) */
	public void requestPasswordReset(String username, String appId) {
		Blocking.await(this.reactive.requestPasswordReset(username, appId), "request password reset");
	}

	/** @see ReactivePryvService#resetPassword(String, String, String, String) */
	public void resetPassword(String username, String appId, String resetToken, String newPassword) {
		Blocking.await(this.reactive.resetPassword(username, appId, resetToken, newPassword), "reset password");
	}

	@Override
	public String toString() {
		return "PryvService[" + ((this.reactive.serviceInfoUrl() != null) ? this.reactive.serviceInfoUrl() : "overrides")
				+ "]";
	}

	/** Builds a {@link PryvService}. */
	public static final class Builder {

		private @Nullable String serviceInfoUrl;

		private ObjectNode overrides;

		private WebClient webClient;

		private @Nullable Supplier<WebClient.Builder> webClientBuilder;

		private JsonMapper jsonMapper;

		private String origin;

		private int batchChunkSize = ReactivePryvConnection.DEFAULT_CHUNK_SIZE;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

		private Builder() {
		}

		/**
		 * @param retryPolicy how idempotent requests (service info, {@code GET}s,
		 * auth polls, downloads) are retried; default {@link RetryPolicy#DEFAULT},
		 * {@link RetryPolicy#NONE} to never retry. Writes are never retried.
		 * @return this builder
		 */
		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = (retryPolicy != null) ? retryPolicy : RetryPolicy.NONE;
			return this;
		}

		/**
		 * @param url the service info URL, e.g. {@link PryvService#PRYV_LAB_SERVICE_INFO_URL}
		 * @return this builder
		 */
		public Builder serviceInfoUrl(String url) {
			this.serviceInfoUrl = url;
			return this;
		}

		/**
		 * @param overrides fields merged over the fetched service info (or the
		 * whole service info when there is no URL)
		 * @return this builder
		 */
		public Builder overrides(Map<String, ?> overrides) {
			this.overrides = (overrides == null || overrides.isEmpty()) ? null : mapper().valueToTree(overrides);
			return this;
		}

		/**
		 * @param webClient the client to use (e.g. built from Boot's {@code WebClient.Builder})
		 * @return this builder
		 */
		public Builder webClient(WebClient webClient) {
			this.webClient = webClient;
			return this;
		}

		/**
		 * Where to get the builder of the {@code WebClient} to use: called once, on
		 * the first call, and the client built then, rather than by {@link #build()},
		 * so that creating the service sets up no codec and no connector (Spring Boot's
		 * auto-configuration passes its customized builder this way, and an
		 * application's startup does not wait for Reactor Netty). Ignored when
		 * {@link #webClient(WebClient)} is set.
		 * @param webClientBuilder supplies the builder (may be {@code null}: a default one)
		 * @return this builder
		 */
		public Builder webClientBuilder(@Nullable Supplier<WebClient.Builder> webClientBuilder) {
			this.webClientBuilder = webClientBuilder;
			return this;
		}

		/**
		 * @param jsonMapper the mapper to read and write JSON with
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * @param origin the {@code Origin} header of login calls (default: the
		 * origin of the service's {@code register} URL)
		 * @return this builder
		 */
		public Builder origin(String origin) {
			this.origin = origin;
			return this;
		}

		/**
		 * @param chunkSize the batch chunk size of connections made by login (default 1000)
		 * @return this builder
		 */
		public Builder batchChunkSize(int chunkSize) {
			this.batchChunkSize = chunkSize;
			return this;
		}

		/**
		 * @param observationRegistry where to report Pryv-level observations
		 * (batch calls, event streams, auth flow); default: none
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			this.observationRegistry = (observationRegistry != null) ? observationRegistry : ObservationRegistry.NOOP;
			return this;
		}

		private JsonMapper mapper() {
			return (this.jsonMapper != null) ? this.jsonMapper : Json.DEFAULT_MAPPER;
		}

		/** @return the service */
		public PryvService build() {
			WebClient given = this.webClient;
			Supplier<WebClient.Builder> builder = this.webClientBuilder;
			// built on the first call, not here: creating a WebClient loads and sets up codecs and
			// the connector (Reactor Netty), which an application's startup need not wait for
			Supplier<WebClient> client = () -> ((given != null) ? given.mutate()
					: (builder != null) ? builder.get() : WebClient.builder())
				// Spring's request-details logging (spring.http.codecs.log-request-details) prints every
				// header, Authorization included, at TRACE: never for Pryv's client
				.codecs((codecs) -> codecs.defaultCodecs().enableLoggingRequestDetails(false))
				.build();
			return new PryvService(new ReactivePryvService(this.serviceInfoUrl, this.overrides,
					new PryvHttp(client, mapper(), this.retryPolicy, this.observationRegistry), this.origin, this.batchChunkSize, this.observationRegistry));
		}

	}

}
