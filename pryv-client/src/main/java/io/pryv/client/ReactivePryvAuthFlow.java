package io.pryv.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.pryv.client.observation.PryvObservationDocumentation;
import io.pryv.client.observation.PryvObservationDocumentation.LowCardinalityKeys;
import io.pryv.client.observation.PryvObservations;

/**
 * The auth request (consent flow) of a Pryv platform, server side, reactive
 * form: start a request, send the user to its {@link PendingAuth#authUrl()},
 * then poll it (once per browser request with {@link #poll}, or until it ends
 * with {@link #await}) to get the granted {@link ApiEndpoint}.
 * {@link PryvAuthFlow} is the blocking form.
 * <p>
 * Nothing here blocks or parks a thread: waiting between polls is a Reactor
 * timer. A {@link PendingAuth} is all the state a login needs, so any app
 * instance can poll it.
 * <p>
 * {@link #resume(String)} turns what a browser brings back on the return URL
 * into a {@link PendingAuth}, accepting only keys and poll URLs under the
 * platform's {@code access} URL: the server never polls a URL a browser chose.
 */
public final class ReactivePryvAuthFlow {

	/** The poll rate used when the platform gives none (a resumed request), and the default floor. */
	public static final Duration DEFAULT_POLL_RATE = Duration.ofSeconds(1);

	/** How long a request is polled by default: the platform's own default lifetime of a request. */
	public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);

	/** The platform's error id for a key it does not know (never existed, or expired). */
	public static final String UNKNOWN_ACCESS_KEY = "unknown-access-key";

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

	private static final int MAX_REDIRECTS = 5;

	private final ReactivePryvService service;

	private final @Nullable AuthRequest defaults;

	private final Duration pollRateFloor;

	private final Duration expiry;

	private final Clock clock;

	/**
	 * A flow with the default poll-rate floor (1 s) and expiry (1 h).
	 * @param service the platform
	 * @param defaults the request {@link #start()} sends, or {@code null} if every start gives one
	 */
	public ReactivePryvAuthFlow(ReactivePryvService service, @Nullable AuthRequest defaults) {
		this(service, defaults, DEFAULT_POLL_RATE, DEFAULT_EXPIRY, Clock.systemUTC());
	}

	/**
	 * @param service the platform
	 * @param defaults the request {@link #start()} sends, or {@code null} if every start gives one
	 * @param pollRateFloor the shortest time between two polls, whatever the platform asks
	 * @param expiry how long a request is polled before it is reported {@code EXPIRED}
	 * (a request's own {@code expireAfter} is the lifetime of the granted access, not of the request)
	 * @param clock the clock of expiries
	 */
	public ReactivePryvAuthFlow(ReactivePryvService service, @Nullable AuthRequest defaults, Duration pollRateFloor,
			Duration expiry, Clock clock) {
		Arguments.present("ReactivePryvAuthFlow", "service", service, "the platform's ReactivePryvService");
		positive("pollRateFloor", pollRateFloor, "the shortest time between two polls, e.g. Duration.ofSeconds(1)");
		positive("expiry", expiry, "how long a request is polled, e.g. Duration.ofHours(1)");
		this.service = service;
		this.defaults = defaults;
		this.pollRateFloor = pollRateFloor;
		this.expiry = expiry;
		this.clock = (clock != null) ? clock : Clock.systemUTC();
	}

	private static void positive(String name, Duration value, String fix) {
		Arguments.present("ReactivePryvAuthFlow", name, value, fix);
		if (value.isNegative() || value.isZero()) {
			throw PryvClientException.invalidArgument("ReactivePryvAuthFlow", name,
					"must be positive, not " + value + ": pass " + fix);
		}
	}

	/** @return the platform */
	public ReactivePryvService service() {
		return this.service;
	}

	/** @return the request {@link #start()} sends, or {@code null} */
	public @Nullable AuthRequest defaults() {
		return this.defaults;
	}

	/** @return the shortest time between two polls */
	public Duration pollRateFloor() {
		return this.pollRateFloor;
	}

	/** @return how long a request is polled before it is reported {@code EXPIRED} */
	public Duration expiry() {
		return this.expiry;
	}

	/**
	 * Start an auth request with the default request.
	 * @return the pending request
	 */
	public Mono<PendingAuth> start() {
		return start(null);
	}

	/**
	 * Start an auth request.
	 * @param request the request to send, e.g. {@code defaults().withReturnUrl(...)};
	 * {@code null} for the defaults
	 * @return the pending request: send the user's browser to its {@link PendingAuth#authUrl()}
	 */
	public Mono<PendingAuth> start(AuthRequest request) {
		AuthRequest sent = (request != null) ? request : this.defaults;
		if (sent == null) {
			return Mono.error(new PryvClientException(
					"No auth request to start: configure pryv.app-id (and pryv.permissions) or pass an AuthRequest"));
		}
		Mono<PendingAuth> call = this.service.startAuthRequest(sent.toBody()).map((response) -> {
			if (response.pollUrl() == null) {
				throw new PryvClientException("The platform started an auth request without a poll URL");
			}
			return new PendingAuth(response.key(), response.authUrl(), response.pollUrl(),
					pollRate(response.pollRateMs()), this.clock.instant().plus(this.expiry));
		});
		return PryvObservations.observe(this.service.observationRegistry(), PryvObservationDocumentation.AUTH_START,
				KeyValues.empty(), KeyValues.empty(), null, call);
	}

	/**
	 * Poll a request once. Past its expiry, no request is sent and the state is
	 * {@code EXPIRED}; a key the platform does not know is {@code EXPIRED} too;
	 * a {@code REDIRECTED} answer is followed.
	 * @param pending the request
	 * @return its state; its {@link AuthState#pending()} carries the latest poll URL and rate
	 */
	public Mono<AuthState> poll(PendingAuth pending) {
		Arguments.present("poll", "pending", pending, "the PendingAuth that start() or resume() gave");
		Mono<AuthState> call = Mono.defer(() -> {
			if (pending.isExpired(this.clock.instant())) {
				return Mono.just(AuthState.ended(AuthState.Status.EXPIRED, pending, "expired",
						"The auth request expired at " + pending.expiresAt()));
			}
			return pollFollowing(pending, 0);
		});
		return PryvObservations.observe(this.service.observationRegistry(), PryvObservationDocumentation.AUTH_POLL,
				KeyValues.empty(), KeyValues.empty(),
				(state) -> KeyValues.of(LowCardinalityKeys.AUTH_STATUS.withValue(state.status().name())), call);
	}

	private Mono<AuthState> pollFollowing(PendingAuth pending, int redirects) {
		return this.service.pollAuthRequest(pending.pollUrl()).flatMap((response) -> {
			switch (response.status()) {
				case NEED_SIGNIN:
					long rate = (response.pollRateMs() > 0) ? pollRate(response.pollRateMs()) : pending.pollRateMs();
					return Mono.just(AuthState.needSignin(new PendingAuth(pending.key(), pending.authUrl(),
							pending.pollUrl(), rate, pending.expiresAt())));
				case ACCEPTED:
					return Mono.just(AuthState.accepted(pending, response.apiEndpoint(), response.username()));
				case REFUSED:
					return Mono.just(AuthState.ended(AuthState.Status.REFUSED, pending, response.reasonId(),
							response.message()));
				case ERROR:
					return Mono.just(AuthState.ended(AuthState.Status.ERROR, pending, response.reasonId(),
							response.message()));
				case REDIRECTED:
					if (response.pollUrl() == null) {
						return Mono.error(new PryvClientException("The platform redirected an auth request poll ("
								+ pending.pollUrl() + ") without a new poll URL"));
					}
					if (redirects >= MAX_REDIRECTS) {
						return Mono.error(new PryvClientException("The platform redirected an auth request poll more than "
								+ MAX_REDIRECTS + " times (last: " + response.pollUrl() + ")"));
					}
					return pollFollowing(pending.withPollUrl(response.pollUrl()), redirects + 1);
				default:
					return Mono.error(new PryvClientException("Unexpected auth status " + response.status()));
			}
		}).onErrorResume(PryvApiException.class, (ex) -> UNKNOWN_ACCESS_KEY.equals(ex.getId())
				? Mono.just(AuthState.ended(AuthState.Status.EXPIRED, pending, ex.getId(), ex.getError().message()))
				: Mono.error(ex));
	}

	/**
	 * Poll a request at its poll rate until it ends (anything but
	 * {@code NEED_SIGNIN}) or until {@code timeout}. Waiting is a Reactor timer:
	 * no thread is held between polls, so thousands of logins can wait at once.
	 * @param pending the request
	 * @param timeout how long to wait at most
	 * @return the final state, or the last {@code NEED_SIGNIN} state when the timeout came first
	 */
	public Mono<AuthState> await(PendingAuth pending, Duration timeout) {
		Arguments.present("await", "pending", pending, "the PendingAuth that start() or resume() gave");
		Arguments.present("await", "timeout", timeout, "how long to wait at most, e.g. Duration.ofMinutes(5)");
		if (timeout.isNegative()) {
			throw PryvClientException.invalidArgument("await", "timeout",
					"is negative (" + timeout + "): pass zero or more, e.g. Duration.ofMinutes(5)");
		}
		return poll(pending)
			.expand((state) -> state.isFinal() ? Mono.empty()
					: Mono.delay(Duration.ofMillis(state.pending().pollRateMs())).then(Mono.defer(() -> poll(state.pending()))))
			.takeUntil(AuthState::isFinal)
			.takeUntilOther(Mono.delay(timeout))
			.last(AuthState.needSignin(pending));
	}

	/**
	 * A pending request from a key or a poll URL brought back by the browser.
	 * Only keys and poll URLs under the platform's {@code access} URL are
	 * accepted; nothing is sent to the platform (except the service info fetch,
	 * once).
	 * @param keyOrPollUrl a request key, or a poll URL under {@code <access>}
	 * @return the request, polled at the floor rate, expiring after the flow's expiry
	 * @throws PryvClientException (signalled) for anything else
	 */
	public Mono<PendingAuth> resume(String keyOrPollUrl) {
		if (keyOrPollUrl == null || keyOrPollUrl.isBlank()) {
			throw PryvClientException.invalidArgument("resume", "keyOrPollUrl", ((keyOrPollUrl == null) ? "is null"
					: "is blank") + ": cannot resume an auth request without the key or poll URL the browser brought back");
		}
		return this.service.info().map((info) -> {
			String access = info.require("access", info.access());
			String key = keyOrPollUrl.contains("://") ? keyUnder(access, keyOrPollUrl) : keyOrPollUrl;
			if (!KEY.matcher(key).matches()) {
				throw new PryvClientException("Cannot resume an auth request: '" + abbreviate(key)
						+ "' is not an auth request key");
			}
			return new PendingAuth(key, null, access + key, pollRate(0), this.clock.instant().plus(this.expiry));
		});
	}

	/**
	 * A pending request from the parameters the consent page appended to the
	 * return URL: {@code pryvPoll} / {@code prYvpoll} (preferred) or
	 * {@code pryvKey} / {@code prYvkey}. Any token-like parameter is ignored: the
	 * result is always obtained by polling.
	 * @param returnUrlParameters the return URL's query (or fragment) parameters
	 * @return the request
	 * @see #resume(String)
	 */
	public Mono<PendingAuth> resume(Map<String, String> returnUrlParameters) {
		Arguments.present("resume", "returnUrlParameters", returnUrlParameters,
				"the query (or fragment) parameters of the return URL: cannot resume an auth request without them");
		String poll = first(returnUrlParameters, "pryvPoll", "prYvpoll");
		String key = first(returnUrlParameters, "pryvKey", "prYvkey");
		if (poll == null && key == null) {
			return Mono.error(new PryvClientException(
					"Cannot resume an auth request: the return URL has none of pryvPoll, prYvpoll, pryvKey, prYvkey"));
		}
		if (poll == null) {
			return resume(key);
		}
		return resume(poll).map((pending) -> {
			if (key != null && !key.equals(pending.key())) {
				throw new PryvClientException("Cannot resume an auth request: the return URL's key '" + abbreviate(key)
						+ "' is not the one of its poll URL");
			}
			return pending;
		});
	}

	private static String first(Map<String, String> parameters, String... names) {
		for (String name : names) {
			String value = parameters.get(name);
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		return null;
	}

	/** The key of a poll URL that is {@code <access><key>}, compared as parsed URIs (no tricks with @, .., ports). */
	private static String keyUnder(String access, String pollUrl) {
		URI accessUri = URI.create(access);
		URI poll;
		try {
			poll = new URI(pollUrl);
		}
		catch (URISyntaxException ex) {
			throw new PryvClientException("Cannot resume an auth request: '" + abbreviate(pollUrl)
					+ "' is not a valid URL");
		}
		String path = (poll.getRawPath() != null) ? poll.getRawPath() : "";
		boolean sameOrigin = accessUri.getScheme().equalsIgnoreCase(String.valueOf(poll.getScheme()))
				&& accessUri.getHost().equalsIgnoreCase(String.valueOf(poll.getHost()))
				&& port(accessUri) == port(poll) && poll.getRawUserInfo() == null;
		if (!sameOrigin || poll.getRawQuery() != null || poll.getRawFragment() != null
				|| !path.startsWith(accessUri.getRawPath()) || path.contains("/..") || path.contains("%")) {
			throw new PryvClientException("Cannot resume an auth request: the poll URL '" + abbreviate(pollUrl)
					+ "' is not under the platform's access URL " + access);
		}
		return path.substring(accessUri.getRawPath().length());
	}

	private static int port(URI uri) {
		if (uri.getPort() >= 0) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/** Browser input shown in a message: short, and without control characters (no forged log lines). */
	private static String abbreviate(String text) {
		String shown = (text.length() <= 100) ? text : text.substring(0, 100) + "...";
		return shown.replaceAll("\\p{Cntrl}", "?");
	}

	private long pollRate(long platformRateMs) {
		long floor = this.pollRateFloor.toMillis();
		long rate = (platformRateMs > 0) ? platformRateMs : DEFAULT_POLL_RATE.toMillis();
		return Math.max(rate, floor);
	}

	@Override
	public String toString() {
		return "ReactivePryvAuthFlow[" + this.service + ", appId="
				+ ((this.defaults != null) ? this.defaults.appId() : null) + "]";
	}

}
