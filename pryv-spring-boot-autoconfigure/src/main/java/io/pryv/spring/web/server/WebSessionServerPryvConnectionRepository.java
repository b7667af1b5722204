package io.pryv.spring.web.server;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

import io.pryv.spring.web.HttpSessionPryvConnectionRepository;
import io.pryv.spring.web.PryvAuthorization;

/**
 * Keeps the user's {@link PryvAuthorization} in the {@code WebSession} under
 * {@link #ATTRIBUTE}, the attribute name of the servlet repository. Reads
 * never start a session; every change goes through the session's attribute
 * map, which Spring Session stores persist across app instances. Saving a new
 * login into a session that had already started changes the session id, so
 * that a session id planted before the login (session fixation) does not get
 * the user's Pryv access.
 */
public final class WebSessionServerPryvConnectionRepository implements ServerPryvConnectionRepository {

	/** The session attribute name: the servlet repository's ({@link HttpSessionPryvConnectionRepository#ATTRIBUTE}), written out so that this class never names that one. */
	public static final String ATTRIBUTE = "io.pryv.spring.web.HttpSessionPryvConnectionRepository.AUTHORIZATION";

	@Override
	public Mono<PryvAuthorization> load(ServerWebExchange exchange) {
		return exchange.getSession()
			.mapNotNull((session) -> (session.getAttribute(ATTRIBUTE) instanceof PryvAuthorization authorization)
					? authorization : null);
	}

	@Override
	public Mono<Void> save(@Nullable PryvAuthorization authorization, ServerWebExchange exchange) {
		if (authorization == null) {
			return remove(exchange);
		}
		return exchange.getSession().flatMap((session) -> {
			Mono<Void> rotate = (session.isStarted() && !authorization.equals(session.getAttribute(ATTRIBUTE)))
					// A new login in a session that existed before it: give it a new id (session fixation)
					? session.changeSessionId() : Mono.empty();
			return rotate.then(Mono.fromRunnable(() -> put(session, authorization)));
		});
	}

	private static void put(WebSession session, PryvAuthorization authorization) {
		session.getAttributes().put(ATTRIBUTE, authorization);
	}

	@Override
	public Mono<Void> remove(ServerWebExchange exchange) {
		return exchange.getSession().doOnNext((session) -> {
			if (session.getAttributes().containsKey(ATTRIBUTE)) {
				session.getAttributes().remove(ATTRIBUTE);
			}
		}).then();
	}

}
