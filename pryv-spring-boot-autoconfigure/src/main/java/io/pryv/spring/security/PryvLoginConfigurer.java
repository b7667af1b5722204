package io.pryv.spring.security;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.HttpSessionPryvAuthRequestRepository;
import io.pryv.spring.web.HttpSessionPryvConnectionRepository;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvConnectionRepository;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.HttpSecurityBuilder;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.RememberMeServices;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.util.Assert;

/**
 * Server-side Pryv sign-in as a Spring Security feature, the counterpart of
 * {@code oauth2Login()}:
 *
 * <pre>{@code
 * http.with(PryvLoginConfigurer.pryvLogin(), Customizer.withDefaults());
 * http.with(PryvLoginConfigurer.pryvLogin(), (login) -> login.loginPage("/").failureUrl("/?error"));
 * }</pre>
 *
 * It adds:
 * <ul>
 * <li>the start endpoint ({@link #startUri}, default {@value #DEFAULT_START_URI},
 * {@code POST}, CSRF-protected): {@link PryvAuthRequestRedirectFilter};</li>
 * <li>the return endpoint ({@link #returnUri}, default {@value #DEFAULT_RETURN_URI}) and
 * the status endpoint for pages that poll ({@link #statusUri}, default
 * {@value #DEFAULT_STATUS_URI}): {@link PryvLoginAuthenticationFilter};</li>
 * <li>without a {@link #loginPage}, a generated sign-in page on {@code GET} of
 * the start endpoint;</li>
 * <li>the entry points: browsers are sent to the sign-in page, scripts
 * ({@code Accept: application/json}, {@code X-Requested-With}) get a 401;</li>
 * <li>the {@link PryvLogoutHandler} in Spring Security's logout.</li>
 * </ul>
 * Every collaborator is a bean of the application context when not given
 * here: {@link PryvAuthFlow}, {@link PryvConnectionFactory},
 * {@link PryvPlatforms}, {@link PryvAuthRequestRepository},
 * {@link PryvConnectionRepository}, {@link PryvAuthRequestResolver},
 * {@link PryvLogoutHandler} (the last four have defaults).
 *
 * @param <H> the security builder
 */
public final class PryvLoginConfigurer<H extends HttpSecurityBuilder<H>>
		extends AbstractHttpConfigurer<PryvLoginConfigurer<H>, H> {

	/** The default start endpoint. */
	public static final String DEFAULT_START_URI = "/login/pryv";

	/** The default return endpoint. */
	public static final String DEFAULT_RETURN_URI = "/login/pryv/return";

	/** The default status endpoint. */
	public static final String DEFAULT_STATUS_URI = "/login/pryv/status";

	private String startUri = DEFAULT_START_URI;

	private String returnUri = DEFAULT_RETURN_URI;

	private String statusUri = DEFAULT_STATUS_URI;

	private @Nullable String loginPage;

	private @Nullable String waitingPage;

	private String defaultSuccessUrl = "/";

	private @Nullable String failureUrl;

	private @Nullable AuthenticationSuccessHandler successHandler;

	private @Nullable AuthenticationFailureHandler failureHandler;

	private @Nullable PryvAuthFlow authFlow;

	private @Nullable PryvConnectionFactory connectionFactory;

	private @Nullable PryvPlatforms platforms;

	private @Nullable PryvAuthRequestRepository authRequestRepository;

	private @Nullable PryvConnectionRepository connectionRepository;

	private @Nullable PryvAuthRequestResolver authRequestResolver;

	private @Nullable PryvLogoutHandler logoutHandler;

	private @Nullable GrantedAuthoritiesMapper authoritiesMapper;

	/**
	 * @return a Pryv login configurer, for {@code http.with(pryvLogin(), customizer)}
	 */
	public static PryvLoginConfigurer<HttpSecurity> pryvLogin() {
		return new PryvLoginConfigurer<>();
	}

	/**
	 * @param startUri the start endpoint's path (its {@code POST} starts a sign-in, its
	 * {@code GET} is the generated sign-in page)
	 * @return this
	 */
	public PryvLoginConfigurer<H> startUri(String startUri) {
		this.startUri = path(startUri, "startUri");
		return this;
	}

	/**
	 * @param returnUri the return endpoint's path (where the platform sends the browser back)
	 * @return this
	 */
	public PryvLoginConfigurer<H> returnUri(String returnUri) {
		this.returnUri = path(returnUri, "returnUri");
		return this;
	}

	/**
	 * @param statusUri the status endpoint's path (JSON, for pages that poll)
	 * @return this
	 */
	public PryvLoginConfigurer<H> statusUri(String statusUri) {
		this.statusUri = path(statusUri, "statusUri");
		return this;
	}

	/**
	 * @param loginPage the application's sign-in page (it posts to the start endpoint);
	 * unset, a page is generated on {@code GET} of the start endpoint. Permit it in
	 * {@code authorizeHttpRequests}.
	 * @return this
	 */
	public PryvLoginConfigurer<H> loginPage(String loginPage) {
		this.loginPage = path(loginPage, "loginPage");
		return this;
	}

	/**
	 * @param waitingPage where a browser that comes back before the user's answer
	 * is recorded is redirected (the page should reload the return endpoint);
	 * unset, the return endpoint answers a page that reloads it every 2 seconds
	 * @return this
	 */
	public PryvLoginConfigurer<H> waitingPage(String waitingPage) {
		this.waitingPage = path(waitingPage, "waitingPage");
		return this;
	}

	/**
	 * @param defaultSuccessUrl where a signed-in browser goes when no saved request
	 * says otherwise (default {@code /})
	 * @return this
	 */
	public PryvLoginConfigurer<H> defaultSuccessUrl(String defaultSuccessUrl) {
		this.defaultSuccessUrl = path(defaultSuccessUrl, "defaultSuccessUrl");
		return this;
	}

	/**
	 * @param failureUrl where a failed sign-in goes (default: the sign-in page with
	 * {@code ?error}); the {@link PryvAuthenticationException} is in the session
	 * attribute {@code WebAttributes.AUTHENTICATION_EXCEPTION}
	 * @return this
	 */
	public PryvLoginConfigurer<H> failureUrl(String failureUrl) {
		this.failureUrl = path(failureUrl, "failureUrl");
		return this;
	}

	/**
	 * @param successHandler answers a successful sign-in on the return endpoint
	 * (default: the saved request, or the {@link #defaultSuccessUrl})
	 * @return this
	 */
	public PryvLoginConfigurer<H> successHandler(AuthenticationSuccessHandler successHandler) {
		this.successHandler = successHandler;
		return this;
	}

	/**
	 * @param failureHandler answers a failed sign-in (start or return endpoint) with its
	 * {@link PryvAuthenticationException} (default: a redirect to the {@link #failureUrl})
	 * @return this
	 */
	public PryvLoginConfigurer<H> failureHandler(AuthenticationFailureHandler failureHandler) {
		this.failureHandler = failureHandler;
		return this;
	}

	/**
	 * @param authFlow the configured platform's auth flow (default: the bean)
	 * @return this
	 */
	public PryvLoginConfigurer<H> authFlow(PryvAuthFlow authFlow) {
		this.authFlow = authFlow;
		return this;
	}

	/**
	 * @param connectionFactory makes the connections that read the granted access and revoke it (default: the bean)
	 * @return this
	 */
	public PryvLoginConfigurer<H> connectionFactory(PryvConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
		return this;
	}

	/**
	 * @param platforms the platforms users may sign in with (default: the bean, else the configured one only)
	 * @return this
	 */
	public PryvLoginConfigurer<H> platforms(PryvPlatforms platforms) {
		this.platforms = platforms;
		return this;
	}

	/**
	 * @param authRequestRepository where pending sign-ins are kept (default: the bean, else the HTTP session)
	 * @return this
	 */
	public PryvLoginConfigurer<H> authRequestRepository(PryvAuthRequestRepository authRequestRepository) {
		this.authRequestRepository = authRequestRepository;
		return this;
	}

	/**
	 * @param connectionRepository where granted authorizations are kept (default: the bean, else the HTTP session)
	 * @return this
	 */
	public PryvLoginConfigurer<H> connectionRepository(PryvConnectionRepository connectionRepository) {
		this.connectionRepository = connectionRepository;
		return this;
	}

	/**
	 * @param authRequestResolver decides the auth request of each sign-in (default: the bean, else the configured request)
	 * @return this
	 */
	public PryvLoginConfigurer<H> authRequestResolver(PryvAuthRequestResolver authRequestResolver) {
		this.authRequestResolver = authRequestResolver;
		return this;
	}

	/**
	 * @param logoutHandler the handler added to Spring Security's logout (default: the bean, else one that
	 * revokes when the logout request has a {@code revoke} parameter)
	 * @return this
	 */
	public PryvLoginConfigurer<H> logoutHandler(PryvLogoutHandler logoutHandler) {
		this.logoutHandler = logoutHandler;
		return this;
	}

	/**
	 * @param authoritiesMapper maps the {@link PryvAuthorities} of a signed-in user
	 * @return this
	 */
	public PryvLoginConfigurer<H> authoritiesMapper(GrantedAuthoritiesMapper authoritiesMapper) {
		this.authoritiesMapper = authoritiesMapper;
		return this;
	}

	@Override
	public void init(H http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (this.authFlow == null) {
			this.authFlow = context.getBean(PryvAuthFlow.class);
		}
		Assert.state(this.authFlow.defaults() != null,
				"Pryv login needs an auth request to send: set pryv.app-id (and pryv.permissions)");
		if (this.connectionFactory == null) {
			this.connectionFactory = context.getBean(PryvConnectionFactory.class);
		}
		if (this.platforms == null) {
			this.platforms = context.getBeanProvider(PryvPlatforms.class)
				.getIfUnique(() -> new PryvPlatforms(this.authFlow));
		}
		if (this.authRequestRepository == null) {
			this.authRequestRepository = context.getBeanProvider(PryvAuthRequestRepository.class)
				.getIfUnique(HttpSessionPryvAuthRequestRepository::new);
		}
		if (this.connectionRepository == null) {
			this.connectionRepository = context.getBeanProvider(PryvConnectionRepository.class)
				.getIfUnique(HttpSessionPryvConnectionRepository::new);
		}
		if (this.authRequestResolver == null) {
			this.authRequestResolver = context.getBeanProvider(PryvAuthRequestResolver.class)
				.getIfUnique(() -> (request, configured) -> configured);
		}
		if (this.logoutHandler == null) {
			this.logoutHandler = context.getBeanProvider(PryvLogoutHandler.class)
				.getIfUnique(() -> new PryvLogoutHandler(this.connectionRepository, this.authRequestRepository,
						this.connectionFactory));
		}
		registerEntryPoints(http);
		LogoutConfigurer<H> logout = http.getConfigurer(LogoutConfigurer.class);
		if (logout != null) {
			logout.addLogoutHandler(this.logoutHandler);
		}
	}

	@SuppressWarnings("unchecked")
	private void registerEntryPoints(H http) {
		ExceptionHandlingConfigurer<H> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions == null) {
			return;
		}
		exceptions.defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
				PryvLoginResponses.scripts());
		exceptions.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(signInPage()),
				AnyRequestMatcher.INSTANCE);
	}

	@Override
	public void configure(H http) {
		AuthenticationFailureHandler failure = (this.failureHandler != null) ? this.failureHandler
				: new SimpleUrlAuthenticationFailureHandler(
						(this.failureUrl != null) ? this.failureUrl : signInPage() + "?error");
		PryvAuthRequestRedirectFilter start = new PryvAuthRequestRedirectFilter(
				getRequestMatcherBuilder().matcher(HttpMethod.POST, this.startUri), this.returnUri, this.platforms,
				this.authRequestRepository, this.authRequestResolver, failure);
		http.addFilterAfter(postProcess(start), LogoutFilter.class);
		if (this.loginPage == null) {
			http.addFilterAfter(postProcess(new PryvLoginPageGeneratingFilter(
					getRequestMatcherBuilder().matcher(HttpMethod.GET, this.startUri), this.startUri)), LogoutFilter.class);
		}
		PryvLoginAuthenticationFilter login = new PryvLoginAuthenticationFilter(
				getRequestMatcherBuilder().matcher(HttpMethod.GET, this.returnUri),
				getRequestMatcherBuilder().matcher(HttpMethod.GET, this.statusUri), this.platforms,
				this.authRequestRepository, this.connectionRepository, this.waitingPage);
		login.setAuthenticationManager(authenticationManager(http));
		login.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		SecurityContextRepository contexts = http.getSharedObject(SecurityContextRepository.class);
		login.setSecurityContextRepository((contexts != null) ? contexts : new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository()));
		SessionAuthenticationStrategy sessions = http.getSharedObject(SessionAuthenticationStrategy.class);
		if (sessions != null) {
			login.setSessionAuthenticationStrategy(sessions);
		}
		RememberMeServices rememberMe = http.getSharedObject(RememberMeServices.class);
		if (rememberMe != null) {
			login.setRememberMeServices(rememberMe);
		}
		login.setAuthenticationSuccessHandler(successHandler(http, login));
		login.setAuthenticationFailureHandler(failureHandler(login, failure));
		http.addFilterBefore(postProcess(login), UsernamePasswordAuthenticationFilter.class);
	}

	private ProviderManager authenticationManager(H http) {
		PryvLoginAuthenticationProvider provider = new PryvLoginAuthenticationProvider(this.connectionFactory);
		if (this.authoritiesMapper != null) {
			provider.setAuthoritiesMapper(this.authoritiesMapper);
		}
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		AuthenticationEventPublisher events = context.getBeanProvider(AuthenticationEventPublisher.class)
			.getIfUnique(() -> new DefaultAuthenticationEventPublisher(context));
		if (events instanceof DefaultAuthenticationEventPublisher defaults) {
			// Spring Security maps failures to events by exception class: add ours
			defaults.setAdditionalExceptionMappings(
					Map.of(PryvAuthenticationException.class, PryvAuthenticationFailureEvent.class));
		}
		ProviderManager manager = new ProviderManager(postProcess(provider));
		manager.setAuthenticationEventPublisher(events);
		return manager;
	}

	private AuthenticationSuccessHandler successHandler(H http, PryvLoginAuthenticationFilter login) {
		AuthenticationSuccessHandler pages = this.successHandler;
		if (pages == null) {
			SavedRequestAwareAuthenticationSuccessHandler saved = new SavedRequestAwareAuthenticationSuccessHandler();
			saved.setDefaultTargetUrl(this.defaultSuccessUrl);
			RequestCache requestCache = http.getSharedObject(RequestCache.class);
			if (requestCache != null) {
				saved.setRequestCache(requestCache);
			}
			pages = saved;
		}
		AuthenticationSuccessHandler forPages = pages;
		return (request, response, authentication) -> {
			if (login.isStatusRequest(request) && authentication.getPrincipal() instanceof PryvUser user) {
				PryvLoginResponses.write(response, 200, PryvLoginAnswers.accepted(user.username()));
				return;
			}
			forPages.onAuthenticationSuccess(request, response, authentication);
		};
	}

	private static AuthenticationFailureHandler failureHandler(PryvLoginAuthenticationFilter login,
			AuthenticationFailureHandler forPages) {
		return (request, response, exception) -> {
			if (login.isStatusRequest(request)) {
				PryvLoginResponses.write(response, 200, PryvLoginAnswers.failed(exception));
				return;
			}
			forPages.onAuthenticationFailure(request, response, exception);
		};
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
