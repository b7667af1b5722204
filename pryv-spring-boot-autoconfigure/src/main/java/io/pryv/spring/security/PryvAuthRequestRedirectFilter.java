package io.pryv.spring.security;

import java.io.IOException;

import io.pryv.client.AuthRequest;
import io.pryv.client.AuthState;
import io.pryv.client.PendingAuth;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.spring.web.PryvAuthRequestRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The start endpoint of a Pryv sign-in (default {@code POST /login/pryv},
 * CSRF-protected), in the manner of Spring Security's
 * {@code OAuth2AuthorizationRequestRedirectFilter}: picks the platform
 * ({@code pryvServiceInfoUrl} parameter, allow-listed), starts the auth request
 * with {@code returnURL} = this app's return endpoint, keeps the
 * {@link PendingAuth} in the {@link PryvAuthRequestRepository} and sends the
 * browser to the consent page. A request that asks for JSON gets
 * {@code {status: "NEED_SIGNIN", authUrl, pollRateMs}} instead, for a page
 * that opens the consent page in a popup and polls the status endpoint.
 * <p>
 * The {@code returnURL} sent is never taken from the browser: it is
 * {@code pryv.return-url} or this app's return endpoint. An
 * {@link PryvAuthRequestResolver} may add to its query, but a {@code returnURL}
 * of another scheme, host, port or path is refused before any request to the
 * platform ({@link PryvAuthenticationException#FOREIGN_RETURN_URL}): the
 * platform would send the browser, with the poll URL that gives the token, to
 * someone else.
 */
public class PryvAuthRequestRedirectFilter extends OncePerRequestFilter {

	/** The request parameter naming the platform of a sign-in. */
	public static final String SERVICE_INFO_URL_PARAMETER = PryvPlatforms.SERVICE_INFO_URL_PARAMETER;

	private static final Log logger = LogFactory.getLog(PryvAuthRequestRedirectFilter.class);

	private final RequestMatcher startMatcher;

	private final String returnPath;

	private final PryvPlatforms platforms;

	private final PryvAuthRequestRepository authRequestRepository;

	private final PryvAuthRequestResolver authRequestResolver;

	private final AuthenticationFailureHandler failureHandler;

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	/**
	 * @param startMatcher the start endpoint
	 * @param returnPath the return endpoint's path (in the app's context)
	 * @param platforms the platforms users may sign in with
	 * @param authRequestRepository where the pending request is kept
	 * @param authRequestResolver decides the auth request
	 * @param failureHandler answers a sign-in that could not start
	 */
	public PryvAuthRequestRedirectFilter(RequestMatcher startMatcher, String returnPath, PryvPlatforms platforms,
			PryvAuthRequestRepository authRequestRepository, PryvAuthRequestResolver authRequestResolver,
			AuthenticationFailureHandler failureHandler) {
		this.startMatcher = startMatcher;
		this.returnPath = returnPath;
		this.platforms = platforms;
		this.authRequestRepository = authRequestRepository;
		this.authRequestResolver = authRequestResolver;
		this.failureHandler = failureHandler;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.startMatcher.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		boolean json = PryvLoginResponses.wantsJson(request);
		PendingAuth pending;
		try {
			pending = start(request, response);
		}
		catch (PryvAuthenticationException ex) {
			logger.debug("A Pryv sign-in was not started: " + ex.getMessage().replaceAll("\\p{Cntrl}", "_"));
			failed(request, response, json, ex, 400);
			return;
		}
		catch (PryvClientException | PryvApiException ex) {
			logger.warn("Could not start a Pryv sign-in: " + String.valueOf(ex.getMessage()).replaceAll("\\p{Cntrl}", "_"));
			failed(request, response, json, new PryvAuthenticationException(AuthState.Status.ERROR,
					PryvAuthenticationException.PLATFORM_UNREACHABLE, "Could not start the sign-in: " + ex.getMessage(), ex),
					502);
			return;
		}
		if (json) {
			PryvLoginResponses.write(response, 200, PryvLoginAnswers.started(pending));
			return;
		}
		this.redirectStrategy.sendRedirect(request, response, pending.authUrl());
	}

	private PendingAuth start(HttpServletRequest request, HttpServletResponse response) {
		PryvPlatforms.Platform platform = this.platforms.select(request.getParameter(SERVICE_INFO_URL_PARAMETER));
		AuthRequest configured = platform.authFlow().defaults();
		if (configured == null) {
			throw new PryvClientException("No auth request is configured: set pryv.app-id (and pryv.permissions)");
		}
		if (configured.returnUrl() == null) {
			configured = configured.withReturnUrl(returnUrl(request));
		}
		AuthRequest resolved = this.authRequestResolver.resolve(request, configured);
		PryvReturnUrls.requireOwn(resolved.returnUrl(), configured.returnUrl());
		PendingAuth pending = platform.authFlow().start(resolved);
		PryvPlatformSessions.remember(this.platforms, platform, request);
		this.authRequestRepository.save(pending, request, response);
		return pending;
	}

	/** This app's return endpoint, ending with '?' for the parameters the platform appends. */
	private String returnUrl(HttpServletRequest request) {
		return UrlUtils.buildFullRequestUrl(request.getScheme(), request.getServerName(), request.getServerPort(),
				request.getContextPath() + this.returnPath, null) + "?";
	}

	private void failed(HttpServletRequest request, HttpServletResponse response, boolean json,
			PryvAuthenticationException ex, int status) throws IOException, ServletException {
		if (json) {
			PryvLoginResponses.write(response, status, PryvLoginAnswers.failed(ex));
			return;
		}
		this.failureHandler.onAuthenticationFailure(request, response, ex);
	}

}
