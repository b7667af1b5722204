package io.pryv.spring.web.server;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

import io.pryv.spring.web.PryvAuthorization;

/**
 * Where a reactive web app keeps a user's Pryv login ({@link PryvAuthorization}:
 * the granted endpoint and username), in the manner of Spring Security's
 * {@code ServerOAuth2AuthorizedClientRepository}: the WebFlux counterpart of
 * {@link io.pryv.spring.web.PryvConnectionRepository}. The default stores it
 * in the {@code WebSession} ({@link WebSessionServerPryvConnectionRepository});
 * define a bean of this type to store it elsewhere.
 */
public interface ServerPryvConnectionRepository {

	/**
	 * @param exchange the current exchange
	 * @return the user's authorization, or empty when not logged in
	 */
	Mono<PryvAuthorization> load(ServerWebExchange exchange);

	/**
	 * @param authorization the authorization ({@code null} removes it)
	 * @param exchange the current exchange
	 * @return completes when saved
	 */
	Mono<Void> save(@Nullable PryvAuthorization authorization, ServerWebExchange exchange);

	/**
	 * Forget the user's login (log out).
	 * @param exchange the current exchange
	 * @return completes when removed
	 */
	Mono<Void> remove(ServerWebExchange exchange);

}
