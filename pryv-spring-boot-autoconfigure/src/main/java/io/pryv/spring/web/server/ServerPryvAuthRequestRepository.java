package io.pryv.spring.web.server;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

import io.pryv.client.PendingAuth;

/**
 * Where a reactive web app keeps a user's pending Pryv auth request between
 * the start of the login and the browser's return, in the manner of Spring
 * Security's {@code ServerAuthorizationRequestRepository}: the WebFlux
 * counterpart of {@link io.pryv.spring.web.PryvAuthRequestRepository}. The
 * default stores it in the {@code WebSession}
 * ({@link WebSessionServerPryvAuthRequestRepository}); define a bean of this
 * type to store it elsewhere.
 */
public interface ServerPryvAuthRequestRepository {

	/**
	 * @param exchange the current exchange
	 * @return the pending auth request of this user, or empty
	 */
	Mono<PendingAuth> load(ServerWebExchange exchange);

	/**
	 * @param pending the pending request ({@code null} removes it)
	 * @param exchange the current exchange
	 * @return completes when saved
	 */
	Mono<Void> save(@Nullable PendingAuth pending, ServerWebExchange exchange);

	/**
	 * @param exchange the current exchange
	 * @return the pending request that was removed, or empty
	 */
	Mono<PendingAuth> remove(ServerWebExchange exchange);

}
