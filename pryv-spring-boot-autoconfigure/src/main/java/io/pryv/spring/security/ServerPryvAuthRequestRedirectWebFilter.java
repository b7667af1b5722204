package io.pryv.spring.security;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import io.pryv.client.AuthRequest;
import io.pryv.client.AuthState;
import io.pryv.client.PendingAuth;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.spring.web.server.ServerPryvAuthRequestRepository;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.ServerRedirectStrategy;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The start endpoint of a Pryv sign-in in a WebFlux app (default
 * {@code POST /login/pryv}, CSRF-protected by Spring Security's
 * {@code CsrfWebFilter}), in the manner of Spring Security's
 * {@code OAuth2AuthorizationRequestRedirectWebFilter}, and the reactive
 * counterpart of {@link PryvAuthRequestRedirectFilter}: picks the platform
 * ({@code pryvServiceInfoUrl} parameter, allow-listed), starts the auth
 * request with {@code returnURL} = this app's return endpoint, keeps the
 * {@link PendingAuth} in the {@link ServerPryvAuthRequestRepository} and sends
 * the browser to the consent page. A request that asks for JSON gets
 * {@code {status: "NEED_SIGNIN", authUrl, pollRateMs}} instead, for a page that
 * opens the consent page in a popup and polls the status endpoint. Nothing
 * here blocks. As there, a {@code returnURL} that does not lead back to the
 * app (from an application's resolver) is refused before any request
 * ({@link PryvAuthenticationException#FOREIGN_RETURN_URL}).
 */
public class ServerPryvAuthRequestRedirectWebFilter implements WebFilter {

	private static final Log logger = LogFactory.getLog(ServerPryvAuthRequestRedirectWebFilter.class);

	private final ServerWebExchangeMatcher startMatcher;

	private final String returnPath;

	private final PryvPlatforms platforms;

	private final ServerPryvAuthRequestRepository authRequestRepository;

	private final ServerPryvAuthRequestResolver authRequestResolver;

	private final ServerAuthenticationFailureHandler failureHandler;

	private final ServerRedirectStrategy redirectStrategy = new DefaultServerRedirectStrategy();

	/**
	 * @param startMatcher the start endpoint
	 * @param returnPath the return endpoint's path (in the app's context)
	 * @param platforms the platforms users may sign in with
	 * @param authRequestRepository where the pending request is kept
	 * @param authRequestResolver decides the auth request
	 * @param failureHandler answers a sign-in that could not start
	 */
	public ServerPryvAuthRequestRedirectWebFilter(ServerWebExchangeMatcher startMatcher, String returnPath,
			PryvPlatforms platforms, ServerPryvAuthRequestRepository authRequestRepository,
			ServerPryvAuthRequestResolver authRequestResolver, ServerAuthenticationFailureHandler failureHandler) {
		this.startMatcher = startMatcher;
		this.returnPath = returnPath;
		this.platforms = platforms;
		this.authRequestRepository = authRequestRepository;
		this.authRequestResolver = authRequestResolver;
		this.failureHandler = failureHandler;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return this.startMatcher.matches(exchange)
			.filter(ServerWebExchangeMatcher.MatchResult::isMatch)
			.switchIfEmpty(chain.filter(exchange).then(Mono.empty()))
			.flatMap((match) -> start(exchange, chain));
	}

	private Mono<Void> start(ServerWebExchange exchange, WebFilterChain chain) {
		boolean json = ServerPryvLoginExchanges.wantsJson(exchange);
		return ServerPryvLoginExchanges.parameters(exchange)
			.flatMap((parameters) -> start(exchange,
					this.platforms.select(parameters.getFirst(PryvPlatforms.SERVICE_INFO_URL_PARAMETER))))
			.flatMap((pending) -> json ? ServerPryvLoginExchanges.json(exchange, HttpStatus.OK, PryvLoginAnswers.started(pending))
					: this.redirectStrategy.sendRedirect(exchange, URI.create(pending.authUrl())))
			.onErrorResume(PryvAuthenticationException.class, (ex) -> {
				logger.debug("A Pryv sign-in was not started: " + String.valueOf(ex.getMessage()).replaceAll("\\p{Cntrl}", "_"));
				return failed(exchange, chain, json, ex, HttpStatus.BAD_REQUEST);
			})
			.onErrorResume((ex) -> ex instanceof PryvClientException || ex instanceof PryvApiException, (ex) -> {
				logger.warn("Could not start a Pryv sign-in: " + String.valueOf(ex.getMessage()).replaceAll("\\p{Cntrl}", "_"));
				return failed(exchange, chain, json, new PryvAuthenticationException(AuthState.Status.ERROR,
						PryvAuthenticationException.PLATFORM_UNREACHABLE, "Could not start the sign-in: " + ex.getMessage(),
						ex), HttpStatus.BAD_GATEWAY);
			});
	}

	private Mono<PendingAuth> start(ServerWebExchange exchange, PryvPlatforms.Platform platform) {
		AuthRequest defaults = platform.authFlow().defaults();
		if (defaults == null) {
			return Mono.error(new PryvClientException("No auth request is configured: set pryv.app-id (and pryv.permissions)"));
		}
		AuthRequest configured = (defaults.returnUrl() == null) ? defaults.withReturnUrl(returnUrl(exchange)) : defaults;
		return this.authRequestResolver.resolve(exchange, configured)
			.flatMap((request) -> {
				PryvReturnUrls.requireOwn(request.returnUrl(), configured.returnUrl());
				return platform.authFlow().reactive().start(request);
			})
			.flatMap((pending) -> ServerPryvLoginExchanges.remember(this.platforms, platform, exchange)
				.then(this.authRequestRepository.save(pending, exchange))
				.thenReturn(pending));
	}

	/** This app's return endpoint, ending with '?' for the parameters the platform appends. */
	private String returnUrl(ServerWebExchange exchange) {
		return UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
			.replacePath(exchange.getRequest().getPath().contextPath().value() + this.returnPath)
			.replaceQuery(null)
			.fragment(null)
			.build()
			.toUriString() + "?";
	}

	private Mono<Void> failed(ServerWebExchange exchange, WebFilterChain chain, boolean json,
			PryvAuthenticationException ex, HttpStatus status) {
		if (json) {
			return ServerPryvLoginExchanges.json(exchange, status, PryvLoginAnswers.failed(ex));
		}
		return this.failureHandler.onAuthenticationFailure(new WebFilterExchange(exchange, chain), ex);
	}

}
