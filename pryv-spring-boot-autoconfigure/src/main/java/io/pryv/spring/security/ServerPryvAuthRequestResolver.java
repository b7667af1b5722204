package io.pryv.spring.security;

import reactor.core.publisher.Mono;

import io.pryv.client.AuthRequest;

import org.springframework.web.server.ServerWebExchange;

/**
 * Decides the auth request a sign-in sends to the platform in a WebFlux app,
 * in the manner of Spring Security's {@code ServerOAuth2AuthorizationRequestResolver}:
 * the reactive counterpart of {@link PryvAuthRequestResolver}. The default
 * sends the configured request ({@code pryv.app-id}, {@code pryv.permissions},
 * ...) as is.
 */
@FunctionalInterface
public interface ServerPryvAuthRequestResolver {

	/**
	 * @param exchange the sign-in request of the browser
	 * @param configured the configured auth request, its {@code returnURL} already
	 * set to this app's return endpoint
	 * @return the auth request to send (its {@code returnURL} must lead back to the return endpoint)
	 */
	Mono<AuthRequest> resolve(ServerWebExchange exchange, AuthRequest configured);

}
