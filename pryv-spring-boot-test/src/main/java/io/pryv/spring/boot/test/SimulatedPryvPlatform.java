package io.pryv.spring.boot.test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.pryv.client.PendingAuth;

/**
 * A simulated Pryv platform, in-process on a free loopback port, for an
 * application's own tests (and demos): it answers with the shapes, status
 * codes and error ids of a real open-pryv.io 2.0 server in DNS-less mode.
 * <ul>
 * <li>register: service info, user creation, {@code {username}/server},
 * {@code check_username}, hostings; login with the {@code Origin} checked
 * against the trusted origins;</li>
 * <li>the consent flow: auth requests (NEED_SIGNIN, ACCEPTED, REFUSED, expired)
 * and a consent page with Accept and Refuse, also played from the test with
 * {@link #consent(String)};</li>
 * <li>a user's API: access-info, batch calls with per-call errors, events
 * (streamed with {@code meta} last, deletions, trash), streams tree,
 * create/update/delete, attachments (multipart upload, download), HF series,
 * accesses and revocation, each checked against the caller's access.</li>
 * </ul>
 * Seed it fluently, play the consent, inject faults and check what the
 * application sent:
 * <pre class="code">
 * try (SimulatedPryvPlatform platform = SimulatedPryvPlatform.start()) {
 *     platform.user("alice").stream("heart").events("frequency/bpm", 72, 75);
 *     // point pryv.service-info-url at platform.serviceInfoUrl(), let the app start a sign-in, then:
 *     String back = platform.pendingConsent().accept("alice");  // where the browser returns to
 *     platform.faults().on("GET", "/alice/events").times(1).serverError(503);
 *     platform.requests().assertNoTokenInUrls();
 * }
 * </pre>
 * In a Spring test, {@link AutoConfigurePryvPlatform @AutoConfigurePryvPlatform}
 * starts one per application context and injects it. Base URL
 * {@code http://127.0.0.1:{port}}: service info at {@code /reg/service/info},
 * API {@code /{username}/}. Everything is in memory and lost when it stops.
 */
public final class SimulatedPryvPlatform implements AutoCloseable {

	/** The platform's name in its service info, unless {@link Builder#name(String)} says otherwise. */
	public static final String DEFAULT_NAME = "Pryv simulation";

	private final WireMockServer server;

	private final PlatformState state;

	private final PlatformRoutes routes;

	private final RecordedRequests requests;

	private final PlatformFaults faults = new PlatformFaults();

	private SimulatedPryvPlatform(Builder builder) {
		this.state = new PlatformState(this, builder.clock, builder.name, builder.trustedOrigins, builder.pollRate.toMillis(),
				builder.newUserHook);
		this.requests = new RecordedRequests(builder.maxRecordedRequests, this.state::tokens);
		this.routes = new PlatformRoutes(this.state, this.requests, this.faults);
		WireMockConfiguration options = WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.disableRequestJournal()
			.stubRequestLoggingDisabled(true)
			.extensions(this.routes);
		options = (builder.port == 0) ? options.dynamicPort() : options.port(builder.port);
		this.server = new WireMockServer(options);
		this.server.start();
		this.state.baseUrl = "http://127.0.0.1:" + this.server.port();
		if (builder.trustOwnOrigin) {
			this.state.trustedOrigins.add(this.state.baseUrl);
		}
		this.server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withTransformers(PlatformRoutes.NAME)));
	}

	/**
	 * Start a platform with the defaults on a free loopback port.
	 * @return the running platform
	 */
	public static SimulatedPryvPlatform start() {
		return builder().start();
	}

	/** @return a builder of a platform with other settings */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the base URL, e.g. {@code http://127.0.0.1:43117} */
	public String baseUrl() {
		return this.state.baseUrl;
	}

	/** @return the service info URL, for {@code pryv.service-info-url} */
	public String serviceInfoUrl() {
		return baseUrl() + "/reg/service/info";
	}

	/** @return the port it listens on (loopback) */
	public int port() {
		return this.server.port();
	}

	/** @return the platform's name, as its service info and consent page show it */
	public String name() {
		return this.state.name;
	}

	/**
	 * A user account: created (empty, then handed to the
	 * {@link Builder#onNewUser(Consumer) new-user hook}) when absent.
	 * @param username a Pryv username (5 to 60 characters: a-z, 0-9, -)
	 * @return the user, to seed or inspect
	 */
	public SimulatedUser user(String username) {
		if (username == null || !username.matches("[a-z0-9][a-z0-9-]{3,58}[a-z0-9]")) {
			throw new IllegalArgumentException("'" + username
					+ "' is not a Pryv username: use 5 to 60 characters, lowercase letters, digits and dashes");
		}
		this.state.accountOrCreate(username);
		return new SimulatedUser(this, this.state, username);
	}

	/**
	 * @param username a username
	 * @return whether that account exists (created by a test, a registration or a consent)
	 */
	public boolean hasUser(String username) {
		return this.state.account(username) != null;
	}

	/** @return the usernames of the accounts, in creation order */
	public List<String> usernames() {
		return this.state.usernames();
	}

	/**
	 * The consent of an auth request, as the user would give it on the
	 * platform's consent page.
	 * @param keyOrUrl the request's key, its {@code authUrl} or its poll URL
	 * @return the consent, to accept or refuse
	 * @throws IllegalArgumentException when no live request has that key
	 */
	public Consent consent(String keyOrUrl) {
		String key = keyOf(Objects.requireNonNull(keyOrUrl, "keyOrUrl"));
		PlatformState.AuthRequestRecord request = this.state.authRequest(key);
		if (request == null) {
			throw new IllegalArgumentException("The platform has no live auth request with key '" + key
					+ "' (unknown or expired; live: " + this.state.authRequests().stream().map((r) -> r.key).toList() + ")");
		}
		return new Consent(this.state, this.routes, request);
	}

	/**
	 * @param pending a pending auth request the client started
	 * @return its consent, to accept or refuse
	 */
	public Consent consent(PendingAuth pending) {
		return consent(pending.key());
	}

	/**
	 * @return the consent of the latest auth request still waiting for the user (NEED_SIGNIN)
	 * @throws IllegalStateException when none is waiting
	 */
	public Consent pendingConsent() {
		List<PlatformState.AuthRequestRecord> requests = this.state.authRequests();
		for (int i = requests.size() - 1; i >= 0; i--) {
			PlatformState.AuthRequestRecord request = requests.get(i);
			if (request.state.equals("NEED_SIGNIN")) {
				return new Consent(this.state, this.routes, request);
			}
		}
		throw new IllegalStateException("No auth request is waiting for consent: the app started none (or all were answered)");
	}

	/** @return the consents of every live (unexpired) auth request, oldest first */
	public List<Consent> consents() {
		return this.state.authRequests().stream().map((request) -> new Consent(this.state, this.routes, request)).toList();
	}

	/** @return the faults to inject into the answers */
	public PlatformFaults faults() {
		return this.faults;
	}

	/** @return the requests the application sent so far */
	public RecordedRequests requests() {
		return this.requests;
	}

	/** @return whether it is running */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	/** Stop the platform (its data is lost). */
	@Override
	public void close() {
		this.server.stop();
	}

	@Override
	public String toString() {
		return "SimulatedPryvPlatform[" + serviceInfoUrl() + "]";
	}

	private static String keyOf(String keyOrUrl) {
		if (!keyOrUrl.contains("://")) {
			return keyOrUrl;
		}
		URI uri = URI.create(keyOrUrl);
		Map<String, List<String>> query = PlatformRoutes.parseQuery(uri.getRawQuery());
		for (String name : List.of("key", "prYvkey", "pryvKey")) {
			if (query.containsKey(name)) {
				return query.get(name).get(0);
			}
		}
		String path = uri.getRawPath();
		int access = path.indexOf("/access/");
		return (access >= 0) ? path.substring(access + "/access/".length()) : keyOrUrl;
	}

	/** Settings of a platform before it starts. */
	public static final class Builder {

		private int port;

		private String name = DEFAULT_NAME;

		private final List<String> trustedOrigins = new ArrayList<>();

		private boolean trustOwnOrigin = true;

		private Duration pollRate = Duration.ofSeconds(1);

		private Consumer<SimulatedUser> newUserHook;

		private int maxRecordedRequests = 10_000;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * @param port the loopback port; 0 (the default) for a free one
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("Not a port: " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * @param name the platform's name (service info, consent page, sign-in button)
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = Objects.requireNonNull(name, "name");
			return this;
		}

		/**
		 * Origins whose logins ({@code auth/login}) the platform trusts, besides
		 * its own (what the client sends by default); {@code *} matches any
		 * characters, e.g. {@code https://*.example.org}.
		 * @param origins origins such as {@code https://portal.example.org}
		 * @return this builder
		 */
		public Builder trustOrigins(String... origins) {
			this.trustedOrigins.addAll(List.of(origins));
			return this;
		}

		/**
		 * Trust only the origins given to {@link #trustOrigins}, not the
		 * platform's own (to test that the app sends its configured origin).
		 * @return this builder
		 */
		public Builder distrustOwnOrigin() {
			this.trustOwnOrigin = false;
			return this;
		}

		/**
		 * @param pollRate the {@code poll_rate_ms} auth requests announce (default 1 s, as real platforms)
		 * @return this builder
		 */
		public Builder pollRate(Duration pollRate) {
			this.pollRate = Objects.requireNonNull(pollRate, "pollRate");
			return this;
		}

		/**
		 * @param hook called with each account when it is created (by a test, a
		 * registration or a consent): seeds its streams and events
		 * @return this builder
		 */
		public Builder onNewUser(Consumer<SimulatedUser> hook) {
			this.newUserHook = hook;
			return this;
		}

		/**
		 * @param max how many requests {@link SimulatedPryvPlatform#requests()} keeps (the latest); 0 for none
		 * @return this builder
		 */
		public Builder maxRecordedRequests(int max) {
			this.maxRecordedRequests = max;
			return this;
		}

		/**
		 * @param clock the platform's clock (times, serverTime, auth request expiry)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/** @return the running platform */
		public SimulatedPryvPlatform start() {
			return new SimulatedPryvPlatform(this);
		}

	}

}
