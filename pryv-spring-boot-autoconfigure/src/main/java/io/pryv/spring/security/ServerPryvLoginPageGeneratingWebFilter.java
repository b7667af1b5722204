package io.pryv.spring.security;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The sign-in page of a WebFlux application that has none of its own
 * ({@code GET} on the start endpoint), as {@link PryvLoginPageGeneratingFilter}
 * for servlet apps: a "Sign in with Pryv" button posting to the start endpoint
 * with the CSRF token, the last sign-in failure after {@code ?error}, a
 * signed-out note after {@code ?logout}.
 */
final class ServerPryvLoginPageGeneratingWebFilter implements WebFilter {

	private final ServerWebExchangeMatcher pageMatcher;

	private final String startPath;

	ServerPryvLoginPageGeneratingWebFilter(ServerWebExchangeMatcher pageMatcher, String startPath) {
		this.pageMatcher = pageMatcher;
		this.startPath = startPath;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return this.pageMatcher.matches(exchange)
			.filter(ServerWebExchangeMatcher.MatchResult::isMatch)
			.switchIfEmpty(chain.filter(exchange).then(Mono.empty()))
			.flatMap((match) -> page(exchange));
	}

	private Mono<Void> page(ServerWebExchange exchange) {
		Mono<CsrfToken> csrf = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
		boolean failed = exchange.getRequest().getQueryParams().containsKey("error");
		Mono<Optional<String>> error = failed
				? exchange.getSession()
					.map((session) -> Optional.of(PryvLoginPages.errorMessage(
							session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION))))
				: Mono.just(Optional.empty());
		String startUrl = exchange.getRequest().getPath().contextPath().value() + this.startPath;
		boolean signedOut = exchange.getRequest().getQueryParams().containsKey("logout");
		return csrf.map(Optional::of).defaultIfEmpty(Optional.empty()).zipWith(error).flatMap((page) -> {
			CsrfToken token = page.getT1().orElse(null);
			return ServerPryvLoginExchanges.html(exchange,
					PryvLoginPages.signIn(startUrl, (token != null) ? token.getParameterName() : null,
							(token != null) ? token.getToken() : null, page.getT2().orElse(null), signedOut));
		});
	}

}
