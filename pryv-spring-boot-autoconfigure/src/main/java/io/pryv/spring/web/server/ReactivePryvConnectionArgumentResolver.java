package io.pryv.spring.web.server;

import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.spring.web.PryvAuthorization;
import io.pryv.spring.web.PryvLoginRequiredException;

/**
 * Lets a WebFlux controller method take the current user's
 * {@link ReactivePryvConnection} (or {@link PryvAuthorization}) as a
 * parameter: it is made from the {@link ServerPryvConnectionRepository} on
 * each request, without blocking. When the user has no Pryv login, the request
 * fails with {@link PryvLoginRequiredException} (401).
 *
 * <pre>{@code
 * @GetMapping(path = "/api/events", produces = MediaType.APPLICATION_NDJSON_VALUE)
 * Flux<Event> events(ReactivePryvConnection connection) {
 *     return connection.events(EventsQuery.all());
 * }
 * }</pre>
 */
public final class ReactivePryvConnectionArgumentResolver implements HandlerMethodArgumentResolver {

	private final ServerPryvConnectionRepository repository;

	private final PryvConnectionFactory connectionFactory;

	/**
	 * @param repository where logins are kept
	 * @param connectionFactory makes connections from the stored endpoint
	 */
	public ReactivePryvConnectionArgumentResolver(ServerPryvConnectionRepository repository,
			PryvConnectionFactory connectionFactory) {
		this.repository = repository;
		this.connectionFactory = connectionFactory;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == ReactivePryvConnection.class || type == PryvAuthorization.class;
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		boolean wantsAuthorization = parameter.getParameterType() == PryvAuthorization.class;
		return this.repository.load(exchange)
			.switchIfEmpty(Mono.error(PryvLoginRequiredException::new))
			.map((authorization) -> wantsAuthorization ? authorization
					: this.connectionFactory.connectReactive(authorization.apiEndpoint()));
	}

}
