package io.pryv.spring.boot.autoconfigure.security;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvService;
import io.pryv.spring.security.PryvPlatforms;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The {@link PryvPlatforms} of both login auto-configurations (servlet and
 * WebFlux), kept apart from either so that neither loads the other's types.
 */
final class PryvPlatformsFactory {

	private PryvPlatformsFactory() {
	}

	/** The platforms of {@code pryv.security.allowed-service-info-urls}, their clients built from Boot's builder. */
	static PryvPlatforms create(PryvAuthFlow pryvAuthFlow, PryvSecurityProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder) {
		return new PryvPlatforms(pryvAuthFlow, properties.allowedServiceInfoUrls(),
				(url) -> PryvService.builder()
					.serviceInfoUrl(url)
					.webClient(webClientBuilder.getIfAvailable(WebClient::builder).build())
					.build());
	}

}
