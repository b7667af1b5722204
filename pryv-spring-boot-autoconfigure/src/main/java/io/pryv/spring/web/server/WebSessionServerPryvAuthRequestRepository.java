package io.pryv.spring.web.server;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

import io.pryv.client.PendingAuth;
import io.pryv.spring.web.HttpSessionPryvAuthRequestRepository;

/**
 * Keeps the pending auth request in the {@code WebSession} under
 * {@link #ATTRIBUTE}, the attribute name of the servlet repository. Reads never
 * start a session (a session that was not started is never saved); every
 * change goes through the session's attribute map, which Spring Session's
 * {@code SpringSessionWebSessionStore} turns into {@code setAttribute} /
 * {@code removeAttribute}, so any app instance can finish the login.
 */
public final class WebSessionServerPryvAuthRequestRepository implements ServerPryvAuthRequestRepository {

	/** The session attribute name: the servlet repository's ({@link HttpSessionPryvAuthRequestRepository#ATTRIBUTE}), written out so that this class never names that one. */
	public static final String ATTRIBUTE = "io.pryv.spring.web.HttpSessionPryvAuthRequestRepository.PENDING_AUTH";

	@Override
	public Mono<PendingAuth> load(ServerWebExchange exchange) {
		return exchange.getSession()
			.mapNotNull((session) -> (session.getAttribute(ATTRIBUTE) instanceof PendingAuth pending) ? pending : null);
	}

	@Override
	public Mono<Void> save(@Nullable PendingAuth pending, ServerWebExchange exchange) {
		if (pending == null) {
			return remove(exchange).then();
		}
		return exchange.getSession().doOnNext((session) -> session.getAttributes().put(ATTRIBUTE, pending)).then();
	}

	@Override
	public Mono<PendingAuth> remove(ServerWebExchange exchange) {
		return exchange.getSession().mapNotNull((session) -> {
			if (!(session.getAttribute(ATTRIBUTE) instanceof PendingAuth pending)) {
				return null;
			}
			session.getAttributes().remove(ATTRIBUTE);
			return pending;
		});
	}

}
