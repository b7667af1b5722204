package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.pryv.client.AuthState;
import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvAuthFlow;

/**
 * The Pryv platforms users may sign in with: the configured one, or one named
 * by the {@code pryvServiceInfoUrl} request parameter when it is in the
 * allow-list ({@code pryv.security.allowed-service-info-urls}, Pryv's app
 * guidelines); any other is refused, so the app never sends a user, or asks for
 * a token, to a platform it does not know. The platform of a sign-in is kept in
 * the session ({@link #SESSION_ATTRIBUTE}) with the pending request, so the
 * return and every poll go to it. Free of servlet and WebFlux types: both
 * logins use it.
 */
public class PryvPlatforms {

	/** The request parameter naming the platform of a sign-in (on both stacks). */
	public static final String SERVICE_INFO_URL_PARAMETER = "pryvServiceInfoUrl";

	/** The session attribute keeping the platform of a sign-in (on both stacks). */
	public static final String SESSION_ATTRIBUTE = PryvPlatforms.class.getName() + ".SERVICE_INFO_URL";

	private final Platform configured;

	private final List<String> allowed;

	private final Function<String, PryvService> serviceFactory;

	private final Map<String, Platform> others = new ConcurrentHashMap<>();

	/**
	 * Only the configured platform.
	 * @param authFlow the configured platform's auth flow
	 */
	public PryvPlatforms(PryvAuthFlow authFlow) {
		this(authFlow, List.of(), (url) -> PryvService.builder().serviceInfoUrl(url).build());
	}

	/**
	 * @param authFlow the configured platform's auth flow (its request defaults,
	 * poll-rate floor and expiry apply to every platform)
	 * @param allowedServiceInfoUrls the other platforms users may choose
	 * @param serviceFactory makes the client of an allowed platform from its service info URL
	 */
	public PryvPlatforms(PryvAuthFlow authFlow, Collection<String> allowedServiceInfoUrls,
			Function<String, PryvService> serviceFactory) {
		ReactivePryvAuthFlow reactive = authFlow.reactive();
		this.configured = new Platform(reactive.service().serviceInfoUrl(), new PryvService(reactive.service()), authFlow);
		this.allowed = allowedServiceInfoUrls.stream().map(String::strip).filter((url) -> !url.isEmpty()).toList();
		this.serviceFactory = serviceFactory;
	}

	/**
	 * A platform and the flow that signs users in on it.
	 *
	 * @param serviceInfoUrl its service info URL ({@code null} for a configured platform
	 * whose service info is given entirely by {@code pryv.service-info})
	 * @param service its client (service info, assets)
	 * @param authFlow its auth flow
	 */
	public record Platform(@Nullable String serviceInfoUrl, PryvService service, PryvAuthFlow authFlow) {
	}

	/** @return the configured platform */
	public Platform configured() {
		return this.configured;
	}

	/** @return the other platforms users may choose */
	public List<String> allowedServiceInfoUrls() {
		return this.allowed;
	}

	/**
	 * @param requested a {@code pryvServiceInfoUrl} parameter, or {@code null}
	 * @return the platform to use
	 * @throws PryvAuthenticationException ({@link PryvAuthenticationException#PLATFORM_NOT_ALLOWED}) when it is not allowed
	 */
	public Platform select(@Nullable String requested) {
		if (requested == null || requested.isBlank() || requested.strip().equals(this.configured.serviceInfoUrl())) {
			return this.configured;
		}
		String url = requested.strip();
		if (!this.allowed.contains(url)) {
			throw new PryvAuthenticationException(AuthState.Status.ERROR, PryvAuthenticationException.PLATFORM_NOT_ALLOWED,
					"The platform '" + url.replaceAll("\\p{Cntrl}", "?") + "' is not one this app may use "
							+ "(pryv.security.allowed-service-info-urls); sign in with the default platform instead");
		}
		return this.others.computeIfAbsent(url, this::build);
	}

	private Platform build(String url) {
		ReactivePryvAuthFlow defaults = this.configured.authFlow().reactive();
		PryvService service = this.serviceFactory.apply(url);
		return new Platform(url, service,
				new PryvAuthFlow(service, defaults.defaults(), defaults.pollRateFloor(), defaults.expiry()));
	}

	/**
	 * @param platform a platform of this app
	 * @return what the session keeps of it for the sign-in being started (under
	 * {@link #SESSION_ATTRIBUTE}), {@code null} for the configured platform (nothing to keep)
	 */
	public @Nullable String sessionValue(Platform platform) {
		return (platform == this.configured) ? null : platform.serviceInfoUrl();
	}

	/**
	 * @param sessionValue what the session keeps under {@link #SESSION_ATTRIBUTE}, or {@code null}
	 * @return the platform of the session's sign-in: the allowed one it names, else the configured one
	 */
	public Platform fromSession(@Nullable Object sessionValue) {
		if (sessionValue instanceof String url && this.allowed.contains(url)) {
			return this.others.computeIfAbsent(url, this::build);
		}
		return this.configured;
	}

}
