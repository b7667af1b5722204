package io.pryv.spring.boot;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * Customizes the {@code WebClient.Builder} of the Pryv client only (not the
 * application's other {@code WebClient}s): filters, a proxy connector, extra
 * headers. Beans of this type are applied in {@code @Order} after Spring
 * Boot's {@code WebClientCustomizer}s and the Pryv timeouts.
 */
@FunctionalInterface
public interface PryvWebClientCustomizer {

	/**
	 * @param builder the builder of Pryv's {@code WebClient}
	 */
	void customize(WebClient.Builder builder);

}
