package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.PryvAuthorization;
import io.pryv.spring.web.server.ServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.ServerPryvConnectionRepository;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * Part of Spring Security's logout in a WebFlux app ({@code POST /logout},
 * CSRF-protected) for users signed in with Pryv, as {@link PryvLogoutHandler}
 * for servlet apps: forgets the user's {@link PryvAuthorization} and any
 * pending sign-in, and, when asked, first revokes the app's access on the
 * platform (the token dies): on every logout
 * ({@code pryv.security.logout.revoke=true}), or when the logout request has
 * the {@link #getRevokeParameter() revoke parameter} (default {@code revoke},
 * e.g. a checkbox; query or form). The outcome is left in the exchange
 * attribute {@link #OUTCOME} ({@code signed-out}, {@code revoked} or
 * {@code revoke-failed}) for the logout success handler. Nothing here blocks.
 */
public class ServerPryvLogoutHandler extends AbstractPryvLogoutHandler implements ServerLogoutHandler {

	/** Exchange attribute: {@code signed-out}, {@code revoked} or {@code revoke-failed}. */
	public static final String OUTCOME = ServerPryvLogoutHandler.class.getName() + ".OUTCOME";

	private final ServerPryvConnectionRepository connectionRepository;

	private final ServerPryvAuthRequestRepository authRequestRepository;

	/**
	 * @param connectionRepository where the authorization is kept
	 * @param authRequestRepository where a pending sign-in is kept
	 * @param connectionFactory makes the connection that revokes
	 */
	public ServerPryvLogoutHandler(ServerPryvConnectionRepository connectionRepository,
			ServerPryvAuthRequestRepository authRequestRepository, PryvConnectionFactory connectionFactory) {
		super(connectionFactory);
		this.connectionRepository = connectionRepository;
		this.authRequestRepository = authRequestRepository;
	}

	@Override
	public Mono<Void> logout(WebFilterExchange webFilterExchange, @Nullable Authentication authentication) {
		ServerWebExchange exchange = webFilterExchange.getExchange();
		return this.connectionRepository.load(exchange)
			.flatMap((authorization) -> revokes(exchange)
				.flatMap((revokes) -> revokes ? revoke(authorization) : Mono.just(SIGNED_OUT))
				.flatMap((outcome) -> this.connectionRepository.remove(exchange).thenReturn(outcome)))
			.defaultIfEmpty(SIGNED_OUT)
			.flatMap((outcome) -> {
				exchange.getAttributes().put(OUTCOME, outcome);
				return this.authRequestRepository.remove(exchange).then();
			});
	}

	private Mono<Boolean> revokes(ServerWebExchange exchange) {
		String parameter = getRevokeParameter();
		if (parameter == null) {
			return Mono.just(revokes(false));
		}
		return ServerPryvLoginExchanges.parameters(exchange)
			.map((parameters) -> revokes(parameters.containsKey(parameter)));
	}

}
