package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.server.ServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.ServerPryvConnectionRepository;
import io.pryv.spring.web.server.WebSessionServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.WebSessionServerPryvConnectionRepository;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.util.Assert;

/**
 * Server-side Pryv sign-in for WebFlux apps, the {@link ServerHttpSecurity}
 * counterpart of {@link PryvLoginConfigurer} (and of {@code oauth2Login()}),
 * with the same endpoints, checks and outcomes:
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ServerPryvLoginConfigurer pryvLogin) {
 *     http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
 *     pryvLogin.loginPage("/").failureUrl("/?error").configure(http);
 *     return http.build();
 * }
 * }</pre>
 *
 * Why a bean and {@code configure(http)} rather than {@code http.with(...)}:
 * Spring Security 7's {@code ServerHttpSecurity} has no {@code with(...)} and
 * no shared objects (its own specs are methods of the class); the way it lets
 * others in is to apply every {@code Customizer<ServerHttpSecurity>} bean to
 * every chain it builds. The Pryv sign-in belongs to the chains that ask for
 * it, so this is not such a customizer: it is a prototype bean, as
 * {@code ServerHttpSecurity} itself, which gives it the application's
 * {@link PryvAuthFlow}, {@link PryvConnectionFactory}, {@link PryvPlatforms},
 * repositories, {@link ServerPryvAuthRequestResolver},
 * {@link ServerPryvLogoutHandler} and event publisher, and one call adds it to
 * a chain. To add it to every chain, declare the customizer:
 * {@code @Bean Customizer<ServerHttpSecurity> pryvLogin(ServerPryvLoginConfigurer c) { return c::configure; }}.
 * Applications without the auto-configuration make one with the constructor.
 * <p>
 * {@link #configure} adds Spring Security's reactive building blocks:
 * <ul>
 * <li>the start endpoint ({@code POST}, default {@value #DEFAULT_START_URI},
 * CSRF-protected by the chain's {@code CsrfWebFilter}):
 * {@link ServerPryvAuthRequestRedirectWebFilter};</li>
 * <li>the return and status endpoints (default {@value #DEFAULT_RETURN_URI},
 * {@value #DEFAULT_STATUS_URI}): an {@code AuthenticationWebFilter}
 * ({@link ServerPryvLoginAuthenticationWebFilter}) with its
 * {@code ServerAuthenticationConverter}, a
 * {@link PryvLoginReactiveAuthenticationManager}, the
 * {@link WebSessionServerSecurityContextRepository} (session id changed on
 * sign-in) and the success/failure handlers;</li>
 * <li>without a {@link #loginPage}, a generated sign-in page on {@code GET} of
 * the start endpoint;</li>
 * <li>the entry point: browsers are sent to the sign-in page, scripts
 * ({@code Accept: application/json}, {@code X-Requested-With}) get a 401
 * (call {@code exceptionHandling} after this to use another);</li>
 * <li>the {@link ServerPryvLogoutHandler} first among the logout's
 * {@code ServerLogoutHandler}s.</li>
 * </ul>
 * Success publishes an {@link AuthenticationSuccessEvent} and an
 * {@code InteractiveAuthenticationSuccessEvent}, failure a
 * {@link PryvAuthenticationFailureEvent}, as the servlet login does. Nothing
 * blocks an event-loop thread.
 */
public final class ServerPryvLoginConfigurer {

	/** The default start endpoint. */
	public static final String DEFAULT_START_URI = "/login/pryv";

	/** The default return endpoint. */
	public static final String DEFAULT_RETURN_URI = "/login/pryv/return";

	/** The default status endpoint. */
	public static final String DEFAULT_STATUS_URI = "/login/pryv/status";

	private final PryvAuthFlow authFlow;

	private final PryvConnectionFactory connectionFactory;

	private String startUri = DEFAULT_START_URI;

	private String returnUri = DEFAULT_RETURN_URI;

	private String statusUri = DEFAULT_STATUS_URI;

	private @Nullable String loginPage;

	private @Nullable String waitingPage;

	private String defaultSuccessUrl = "/";

	private @Nullable String failureUrl;

	private @Nullable ServerAuthenticationSuccessHandler successHandler;

	private @Nullable ServerAuthenticationFailureHandler failureHandler;

	private @Nullable PryvPlatforms platforms;

	private ServerPryvAuthRequestRepository authRequestRepository = new WebSessionServerPryvAuthRequestRepository();

	private ServerPryvConnectionRepository connectionRepository = new WebSessionServerPryvConnectionRepository();

	private ServerPryvAuthRequestResolver authRequestResolver = (exchange, configured) -> Mono.just(configured);

	private @Nullable ServerPryvLogoutHandler logoutHandler;

	private @Nullable GrantedAuthoritiesMapper authoritiesMapper;

	private ServerSecurityContextRepository securityContextRepository = new WebSessionServerSecurityContextRepository();

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * @param authFlow the configured platform's auth flow (with an auth request: {@code pryv.app-id})
	 * @param connectionFactory makes the connections that read the granted access and revoke it
	 */
	public ServerPryvLoginConfigurer(PryvAuthFlow authFlow, PryvConnectionFactory connectionFactory) {
		Assert.state(authFlow.defaults() != null,
				"Pryv login needs an auth request to send: set pryv.app-id (and pryv.permissions)");
		this.authFlow = authFlow;
		this.connectionFactory = connectionFactory;
	}

	/**
	 * @param startUri the start endpoint's path (its {@code POST} starts a sign-in, its
	 * {@code GET} is the generated sign-in page)
	 * @return this
	 */
	public ServerPryvLoginConfigurer startUri(String startUri) {
		this.startUri = path(startUri, "startUri");
		return this;
	}

	/**
	 * @param returnUri the return endpoint's path (where the platform sends the browser back)
	 * @return this
	 */
	public ServerPryvLoginConfigurer returnUri(String returnUri) {
		this.returnUri = path(returnUri, "returnUri");
		return this;
	}

	/**
	 * @param statusUri the status endpoint's path (JSON, for pages that poll)
	 * @return this
	 */
	public ServerPryvLoginConfigurer statusUri(String statusUri) {
		this.statusUri = path(statusUri, "statusUri");
		return this;
	}

	/**
	 * @param loginPage the application's sign-in page (it posts to the start endpoint);
	 * unset, a page is generated on {@code GET} of the start endpoint. Permit it in
	 * {@code authorizeExchange}.
	 * @return this
	 */
	public ServerPryvLoginConfigurer loginPage(String loginPage) {
		this.loginPage = path(loginPage, "loginPage");
		return this;
	}

	/**
	 * @param waitingPage where a browser that comes back before the user's answer is
	 * recorded is redirected; unset, the return endpoint answers a page that reloads it
	 * every 2 seconds
	 * @return this
	 */
	public ServerPryvLoginConfigurer waitingPage(String waitingPage) {
		this.waitingPage = path(waitingPage, "waitingPage");
		return this;
	}

	/**
	 * @param defaultSuccessUrl where a signed-in browser goes when no saved request says
	 * otherwise (default {@code /})
	 * @return this
	 */
	public ServerPryvLoginConfigurer defaultSuccessUrl(String defaultSuccessUrl) {
		this.defaultSuccessUrl = path(defaultSuccessUrl, "defaultSuccessUrl");
		return this;
	}

	/**
	 * @param failureUrl where a failed sign-in goes (default: the sign-in page with
	 * {@code ?error}); the {@link PryvAuthenticationException} is in the session
	 * attribute {@code WebAttributes.AUTHENTICATION_EXCEPTION}
	 * @return this
	 */
	public ServerPryvLoginConfigurer failureUrl(String failureUrl) {
		this.failureUrl = path(failureUrl, "failureUrl");
		return this;
	}

	/**
	 * @param successHandler answers a successful sign-in on the return endpoint (default:
	 * the saved request, or the {@link #defaultSuccessUrl})
	 * @return this
	 */
	public ServerPryvLoginConfigurer successHandler(ServerAuthenticationSuccessHandler successHandler) {
		this.successHandler = successHandler;
		return this;
	}

	/**
	 * @param failureHandler answers a failed sign-in (start or return endpoint) with its
	 * {@link PryvAuthenticationException} (default: a redirect to the {@link #failureUrl})
	 * @return this
	 */
	public ServerPryvLoginConfigurer failureHandler(ServerAuthenticationFailureHandler failureHandler) {
		this.failureHandler = failureHandler;
		return this;
	}

	/**
	 * @param platforms the platforms users may sign in with (default: the configured one only)
	 * @return this
	 */
	public ServerPryvLoginConfigurer platforms(PryvPlatforms platforms) {
		this.platforms = platforms;
		return this;
	}

	/**
	 * @param authRequestRepository where pending sign-ins are kept (default: the {@code WebSession})
	 * @return this
	 */
	public ServerPryvLoginConfigurer authRequestRepository(ServerPryvAuthRequestRepository authRequestRepository) {
		this.authRequestRepository = authRequestRepository;
		return this;
	}

	/**
	 * @param connectionRepository where granted authorizations are kept (default: the {@code WebSession})
	 * @return this
	 */
	public ServerPryvLoginConfigurer connectionRepository(ServerPryvConnectionRepository connectionRepository) {
		this.connectionRepository = connectionRepository;
		return this;
	}

	/**
	 * @param authRequestResolver decides the auth request of each sign-in (default: the configured request)
	 * @return this
	 */
	public ServerPryvLoginConfigurer authRequestResolver(ServerPryvAuthRequestResolver authRequestResolver) {
		this.authRequestResolver = authRequestResolver;
		return this;
	}

	/**
	 * @param logoutHandler the handler added to Spring Security's logout (default: one that
	 * revokes when the logout request has a {@code revoke} parameter)
	 * @return this
	 */
	public ServerPryvLoginConfigurer logoutHandler(ServerPryvLogoutHandler logoutHandler) {
		this.logoutHandler = logoutHandler;
		return this;
	}

	/**
	 * @param authoritiesMapper maps the {@link PryvAuthorities} of a signed-in user
	 * @return this
	 */
	public ServerPryvLoginConfigurer authoritiesMapper(GrantedAuthoritiesMapper authoritiesMapper) {
		this.authoritiesMapper = authoritiesMapper;
		return this;
	}

	/**
	 * @param securityContextRepository where the signed-in user's security context is
	 * kept (default: the {@code WebSession}); give the one of the chain if it has another
	 * @return this
	 */
	public ServerPryvLoginConfigurer securityContextRepository(ServerSecurityContextRepository securityContextRepository) {
		this.securityContextRepository = securityContextRepository;
		return this;
	}

	/**
	 * @param eventPublisher publishes the authentication events (default: none; the
	 * auto-configured bean has the application context's)
	 * @return this
	 */
	public ServerPryvLoginConfigurer eventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
		return this;
	}

	/**
	 * Add the Pryv sign-in to the chain.
	 * @param http the chain being built
	 */
	public void configure(ServerHttpSecurity http) {
		PryvPlatforms platforms = (this.platforms != null) ? this.platforms : new PryvPlatforms(this.authFlow);
		ServerPryvLogoutHandler logout = (this.logoutHandler != null) ? this.logoutHandler
				: new ServerPryvLogoutHandler(this.connectionRepository, this.authRequestRepository, this.connectionFactory);
		ServerAuthenticationFailureHandler failure = (this.failureHandler != null) ? this.failureHandler
				: defaultFailureHandler((this.failureUrl != null) ? this.failureUrl : signInPage() + "?error");
		http.addFilterAt(new ServerPryvAuthRequestRedirectWebFilter(
				ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, this.startUri), this.returnUri, platforms,
				this.authRequestRepository, this.authRequestResolver, failure), SecurityWebFiltersOrder.HTTP_BASIC);
		if (this.loginPage == null) {
			http.addFilterAt(new ServerPryvLoginPageGeneratingWebFilter(
					ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, this.startUri), this.startUri),
					SecurityWebFiltersOrder.LOGIN_PAGE_GENERATING);
		}
		ServerPryvLoginAuthenticationWebFilter login = new ServerPryvLoginAuthenticationWebFilter(
				ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, this.returnUri),
				ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, this.statusUri), authenticationManager(),
				platforms, this.authRequestRepository, this.connectionRepository, this.waitingPage,
				(this.successHandler != null) ? this.successHandler
						: new RedirectServerAuthenticationSuccessHandler(this.defaultSuccessUrl),
				failure, this.eventPublisher);
		login.setSecurityContextRepository(this.securityContextRepository);
		http.addFilterAt(login, SecurityWebFiltersOrder.AUTHENTICATION);
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				new DelegatingServerAuthenticationEntryPoint.DelegateEntry(ServerPryvLoginExchanges.scripts(),
						new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)));
		entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint(signInPage()));
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint));
		http.logout((spec) -> spec.logoutHandler((handlers) -> handlers.add(0, logout)));
	}

	/** The manager, publishing the success and failure events as Spring Security's {@code ProviderManager} does. */
	private ReactiveAuthenticationManager authenticationManager() {
		PryvLoginReactiveAuthenticationManager manager = new PryvLoginReactiveAuthenticationManager(this.connectionFactory);
		if (this.authoritiesMapper != null) {
			manager.setAuthoritiesMapper(this.authoritiesMapper);
		}
		ApplicationEventPublisher events = this.eventPublisher;
		if (events == null) {
			return manager;
		}
		return (attempt) -> manager.authenticate(attempt)
			.doOnNext((accepted) -> events.publishEvent(new AuthenticationSuccessEvent(accepted)))
			.doOnError(PryvAuthenticationException.class,
					(ex) -> events.publishEvent(new PryvAuthenticationFailureEvent(attempt, ex)));
	}

	/** A redirect to the failure URL, the exception kept in the session for the sign-in page. */
	private static ServerAuthenticationFailureHandler defaultFailureHandler(String failureUrl) {
		RedirectServerAuthenticationFailureHandler redirect = new RedirectServerAuthenticationFailureHandler(failureUrl);
		return (webFilterExchange, exception) -> webFilterExchange.getExchange()
			.getSession()
			.doOnNext((session) -> session.getAttributes().put(WebAttributes.AUTHENTICATION_EXCEPTION, exception))
			.then(redirect.onAuthenticationFailure(webFilterExchange, exception));
	}

	private String signInPage() {
		return (this.loginPage != null) ? this.loginPage : this.startUri;
	}

	private static String path(String value, String name) {
		Assert.hasText(value, () -> name + " must not be empty");
		Assert.isTrue(value.startsWith("/"), () -> name + " must be a path starting with '/', not '" + value + "'");
		return value;
	}

}
