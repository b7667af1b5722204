package io.pryv.spring.security;

import java.net.URI;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.pryv.client.AuthState;
import io.pryv.client.PendingAuth;
import io.pryv.spring.web.server.ServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.ServerPryvConnectionRepository;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.ServerRedirectStrategy;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * The return and status endpoints of a Pryv sign-in in a WebFlux app: Spring
 * Security's {@link AuthenticationWebFilter} with a converter, handlers and a
 * success step of its own, the reactive counterpart of
 * {@link PryvLoginAuthenticationFilter}.
 * <p>
 * <b>Return</b> (default {@code GET /login/pryv/return}): the parameters the
 * platform appends ({@code prYvkey}, {@code prYvpoll}) are only compared with
 * the request pending in the session: another key, a foreign poll URL, or no
 * pending request, and the sign-in is refused without calling the platform; any
 * other parameter (a token, an endpoint, a username) is never read. The state
 * comes from polling the platform ({@link PryvLoginReactiveAuthenticationManager});
 * on ACCEPTED the {@code PryvAuthorization} is saved in the
 * {@link ServerPryvConnectionRepository} and a {@link PryvAuthenticationToken}
 * in the security context repository (both change the session id), an
 * {@link InteractiveAuthenticationSuccessEvent} is published and the success
 * handler answers; while the user has not answered, a waiting page (or a
 * redirect to the app's); otherwise the failure handler, with a
 * {@link PryvAuthenticationException}. Every answer has
 * {@code Referrer-Policy: no-referrer} and {@code Cache-Control: no-store}.
 * <p>
 * <b>Status</b> (default {@code GET /login/pryv/status}): the same, answered as
 * JSON for a page that polls ({@code {status, username?, pollRateMs?,
 * reasonId?, message?}}, {@code NONE} when no sign-in is pending). No token is
 * ever in an answer.
 */
public class ServerPryvLoginAuthenticationWebFilter extends AuthenticationWebFilter {

	/** Failures after which the pending sign-in stays: the platform was not asked, or could not answer. */
	private static final Set<String> SIGN_IN_GOES_ON = Set.of(PryvAuthenticationException.PLATFORM_UNREACHABLE,
			PryvAuthenticationException.REJECTED_RETURN, PryvAuthenticationException.NO_PENDING_REQUEST);

	private final ServerWebExchangeMatcher statusMatcher;

	private final ServerPryvAuthRequestRepository authRequestRepository;

	private final ServerPryvConnectionRepository connectionRepository;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * @param returnMatcher the return endpoint
	 * @param statusMatcher the status endpoint
	 * @param authenticationManager checks a sign-in with its platform (a {@link PryvLoginReactiveAuthenticationManager})
	 * @param platforms the platforms users may sign in with
	 * @param authRequestRepository where the pending request is kept
	 * @param connectionRepository where the granted authorization is kept
	 * @param waitingPageUrl the app's page for a user who has not answered yet, or {@code null} for the built-in one
	 * @param successHandler answers a successful sign-in on the return endpoint
	 * @param failureHandler answers a failed sign-in on the return endpoint
	 * @param eventPublisher publishes the {@link InteractiveAuthenticationSuccessEvent}, or {@code null}
	 */
	public ServerPryvLoginAuthenticationWebFilter(ServerWebExchangeMatcher returnMatcher,
			ServerWebExchangeMatcher statusMatcher, ReactiveAuthenticationManager authenticationManager,
			PryvPlatforms platforms, ServerPryvAuthRequestRepository authRequestRepository,
			ServerPryvConnectionRepository connectionRepository, @Nullable String waitingPageUrl,
			ServerAuthenticationSuccessHandler successHandler, ServerAuthenticationFailureHandler failureHandler,
			@Nullable ApplicationEventPublisher eventPublisher) {
		super(authenticationManager);
		this.statusMatcher = statusMatcher;
		this.authRequestRepository = authRequestRepository;
		this.connectionRepository = connectionRepository;
		this.eventPublisher = eventPublisher;
		setRequiresAuthenticationMatcher(new OrServerWebExchangeMatcher(returnMatcher, statusMatcher));
		setServerAuthenticationConverter((exchange) -> isStatus(exchange).flatMap((status) -> {
			ServerPryvLoginExchanges.noReferrerNoStore(exchange);
			return authRequestRepository.load(exchange)
				.switchIfEmpty(Mono.error(() -> new PryvAuthenticationException(AuthState.Status.ERROR,
						PryvAuthenticationException.NO_PENDING_REQUEST,
						"No sign-in is in progress in this browser (it may have expired, or been started in another "
								+ "browser). Sign in again.")))
				.flatMap((pending) -> ServerPryvLoginExchanges.current(platforms, exchange)
					.flatMap((platform) -> (status ? Mono.<Void>empty()
							: PryvLoginReturns.check(exchange.getRequest().getQueryParams()::getFirst, platform, pending))
						.thenReturn(new PryvLoginAuthenticationToken(pending, platform))));
		}));
		ServerRedirectStrategy redirects = new DefaultServerRedirectStrategy();
		setAuthenticationSuccessHandler((webFilterExchange, authentication) -> isStatus(webFilterExchange.getExchange())
			.flatMap((status) -> status
					? ServerPryvLoginExchanges.json(webFilterExchange.getExchange(), HttpStatus.OK,
							PryvLoginAnswers.accepted(authentication.getName()))
					: successHandler.onAuthenticationSuccess(webFilterExchange, authentication)));
		setAuthenticationFailureHandler((webFilterExchange, exception) -> {
			ServerWebExchange exchange = webFilterExchange.getExchange();
			return isStatus(exchange).flatMap((status) -> {
				if (exception instanceof PryvLoginPendingException waiting) {
					PendingAuth pending = waiting.pending();
					Mono<Void> answer = status
							? ServerPryvLoginExchanges.json(exchange, HttpStatus.OK, PryvLoginAnswers.waiting(pending))
							: (waitingPageUrl != null) ? redirects.sendRedirect(exchange, URI.create(waitingPageUrl))
									// the page reloads the return endpoint without the platform's parameters
									: ServerPryvLoginExchanges.html(exchange,
											PryvLoginPages.waiting(exchange.getRequest().getPath().value()));
					return authRequestRepository.save(pending, exchange).then(answer);
				}
				if (status && exception instanceof PryvAuthenticationException pryv
						&& PryvAuthenticationException.NO_PENDING_REQUEST.equals(pryv.reasonId())) {
					return noPendingStatus(exchange);
				}
				return over(exchange, exception).then(status
						? ServerPryvLoginExchanges.json(exchange, HttpStatus.OK, PryvLoginAnswers.failed(exception))
						: failureHandler.onAuthenticationFailure(webFilterExchange, exception));
			});
		});
	}

	private Mono<Boolean> isStatus(ServerWebExchange exchange) {
		return this.statusMatcher.matches(exchange).map(ServerWebExchangeMatcher.MatchResult::isMatch);
	}

	/** The sign-in is over (refused, expired, failed): a later return must not poll it again. */
	private Mono<Void> over(ServerWebExchange exchange, AuthenticationException exception) {
		boolean goesOn = !(exception instanceof PryvAuthenticationException pryv)
				|| (pryv.reasonId() != null && SIGN_IN_GOES_ON.contains(pryv.reasonId()));
		return goesOn ? Mono.empty() : forgetSignIn(exchange);
	}

	private Mono<Void> forgetSignIn(ServerWebExchange exchange) {
		return this.authRequestRepository.remove(exchange).then(ServerPryvLoginExchanges.forget(exchange));
	}

	private Mono<Void> noPendingStatus(ServerWebExchange exchange) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter(PryvAuthenticationToken.class::isInstance)
			.filterWhen((authentication) -> this.connectionRepository.load(exchange).hasElement())
			.map((authentication) -> PryvLoginAnswers.accepted(authentication.getName()))
			.defaultIfEmpty(PryvLoginAnswers.none())
			.flatMap((body) -> ServerPryvLoginExchanges.json(exchange, HttpStatus.OK, body));
	}

	/**
	 * An accepted sign-in: forget the pending request, keep the authorization, then
	 * let Spring Security keep a {@link PryvAuthenticationToken} (without the
	 * token) in the security context and call the success handler.
	 */
	@Override
	protected Mono<Void> onAuthenticationSuccess(Authentication authentication, WebFilterExchange webFilterExchange) {
		if (!(authentication instanceof PryvLoginAuthenticationToken accepted) || accepted.user() == null
				|| accepted.authorization() == null) {
			return super.onAuthenticationSuccess(authentication, webFilterExchange);
		}
		ServerWebExchange exchange = webFilterExchange.getExchange();
		PryvAuthenticationToken signedIn = new PryvAuthenticationToken(accepted.user(), accepted.getAuthorities());
		return forgetSignIn(exchange).then(this.connectionRepository.save(accepted.authorization(), exchange))
			.then(super.onAuthenticationSuccess(signedIn, webFilterExchange))
			.doOnSuccess((done) -> {
				if (this.eventPublisher != null) {
					this.eventPublisher.publishEvent(new InteractiveAuthenticationSuccessEvent(signedIn, getClass()));
				}
			});
	}

}
