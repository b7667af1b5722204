package io.pryv.sample.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvAuthFlow;
import io.pryv.sample.SampleProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The Pryv platforms a visitor may sign in with: the configured one
 * ({@code pryv.service-info-url}), or one named by the {@code pryvServiceInfoUrl}
 * query parameter when it is in {@code pryv-sample.allowed-service-info-urls}.
 * The platform chosen for a sign-in is remembered in the session, so the return
 * and the polls go to the same platform.
 */
@Component
public class PryvPlatforms {

	private static final String CHOSEN = PryvPlatforms.class.getName() + ".SERVICE_INFO_URL";

	private final Platform configured;

	private final SampleProperties properties;

	private final WebClient.Builder webClientBuilder;

	private final Map<String, Platform> others = new ConcurrentHashMap<>();

	/**
	 * @param service the configured platform
	 * @param authFlow its auth flow (its request defaults apply to every platform)
	 * @param properties the allow-list
	 * @param webClientBuilder Boot's builder, for the HTTP client of other platforms
	 */
	public PryvPlatforms(PryvService service, PryvAuthFlow authFlow, SampleProperties properties,
			WebClient.Builder webClientBuilder) {
		this.configured = new Platform(service.reactive().serviceInfoUrl(), service, authFlow);
		this.properties = properties;
		this.webClientBuilder = webClientBuilder;
	}

	/** A platform and the flow that signs users in on it. */
	public record Platform(String serviceInfoUrl, PryvService service, PryvAuthFlow authFlow) {
	}

	/** @return the configured platform */
	public Platform configured() {
		return this.configured;
	}

	/**
	 * @param requested the {@code pryvServiceInfoUrl} parameter, or {@code null}
	 * @return the platform to use
	 * @throws PryvClientException when the URL is not allowed
	 */
	public Platform select(String requested) {
		if (requested == null || requested.isBlank() || requested.strip().equals(this.configured.serviceInfoUrl())) {
			return this.configured;
		}
		String url = requested.strip();
		if (!this.properties.allowedServiceInfoUrls().contains(url)) {
			throw new PryvClientException("The platform '" + url + "' is not one this app may use "
					+ "(pryv-sample.allowed-service-info-urls); sign in with the default platform instead");
		}
		return this.others.computeIfAbsent(url, this::build);
	}

	private Platform build(String url) {
		PryvService service = PryvService.builder().serviceInfoUrl(url).webClient(this.webClientBuilder.build()).build();
		ReactivePryvAuthFlow defaults = this.configured.authFlow().reactive();
		return new Platform(url, service,
				new PryvAuthFlow(service, defaults.defaults(), defaults.pollRateFloor(), defaults.expiry()));
	}

	/** Remember the platform of the sign-in starting in this session. */
	void remember(Platform platform, HttpServletRequest request) {
		request.getSession().setAttribute(CHOSEN, platform.serviceInfoUrl());
	}

	/** @return the platform of this session's sign-in (the configured one when none was chosen) */
	public Platform current(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object chosen = (session != null) ? session.getAttribute(CHOSEN) : null;
		if (chosen instanceof String url && !url.equals(this.configured.serviceInfoUrl())
				&& this.properties.allowedServiceInfoUrls().contains(url)) {
			return this.others.computeIfAbsent(url, this::build);
		}
		return this.configured;
	}

}
