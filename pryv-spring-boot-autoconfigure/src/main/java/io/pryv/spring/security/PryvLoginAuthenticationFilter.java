package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.pryv.client.AuthState;
import io.pryv.client.PendingAuth;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvConnectionRepository;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The return and status endpoints of a Pryv sign-in, in the manner of Spring
 * Security's {@code OAuth2LoginAuthenticationFilter}.
 * <p>
 * <b>Return</b> (default {@code GET /login/pryv/return}): where the platform
 * sends the browser back. The parameters it appends ({@code prYvkey},
 * {@code prYvpoll}) are only compared with the request pending in the session:
 * another key, a foreign poll URL, or no pending request, and the sign-in is
 * refused without calling the platform; any other parameter (a token, an
 * endpoint, a username) is never read. The state comes from polling the
 * platform ({@link PryvLoginAuthenticationProvider}); on ACCEPTED the user is
 * authenticated (session id rotated by the {@code SessionAuthenticationStrategy},
 * context saved in the {@code SecurityContextRepository}, events published, the
 * {@code PryvAuthorization} saved in the {@link PryvConnectionRepository}), and
 * the success handler answers; while the user has not answered, a waiting page
 * (or a redirect to the app's); otherwise the failure handler, with a
 * {@link PryvAuthenticationException}. Every answer has
 * {@code Referrer-Policy: no-referrer}.
 * <p>
 * <b>Status</b> (default {@code GET /login/pryv/status}): the same, answered
 * as JSON for a page that polls ({@code {status, username?, pollRateMs?,
 * reasonId?, message?}}, {@code NONE} when no sign-in is pending). No token is
 * ever in an answer.
 */
public class PryvLoginAuthenticationFilter extends AbstractAuthenticationProcessingFilter {

	private static final Log logger = LogFactory.getLog(PryvLoginAuthenticationFilter.class);

	private static final Set<String> RETURN_PARAMETERS = Set.of("pryvKey", "prYvkey", "pryvPoll", "prYvpoll");

	private final RequestMatcher returnMatcher;

	private final RequestMatcher statusMatcher;

	private final PryvPlatforms platforms;

	private final PryvAuthRequestRepository authRequestRepository;

	private final PryvConnectionRepository connectionRepository;

	private final @Nullable String waitingPageUrl;

	private final RedirectStrategy redirectStrategy = new DefaultRedirectStrategy();

	/**
	 * @param returnMatcher the return endpoint
	 * @param statusMatcher the status endpoint
	 * @param platforms the platforms users may sign in with
	 * @param authRequestRepository where the pending request is kept
	 * @param connectionRepository where the granted authorization is kept
	 * @param waitingPageUrl the app's page for a user who has not answered yet, or {@code null} for the built-in one
	 */
	public PryvLoginAuthenticationFilter(RequestMatcher returnMatcher, RequestMatcher statusMatcher,
			PryvPlatforms platforms, PryvAuthRequestRepository authRequestRepository,
			PryvConnectionRepository connectionRepository, @Nullable String waitingPageUrl) {
		super(new OrRequestMatcher(returnMatcher, statusMatcher));
		this.returnMatcher = returnMatcher;
		this.statusMatcher = statusMatcher;
		this.platforms = platforms;
		this.authRequestRepository = authRequestRepository;
		this.connectionRepository = connectionRepository;
		this.waitingPageUrl = waitingPageUrl;
	}

	/** @return whether the request is for the status endpoint (JSON answers) */
	boolean isStatusRequest(HttpServletRequest request) {
		return this.statusMatcher.matches(request);
	}

	@Override
	public @Nullable Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException, IOException, ServletException {
		boolean status = isStatusRequest(request);
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-store");
		PendingAuth pending = this.authRequestRepository.load(request);
		if (pending == null) {
			if (status) {
				writeNoPendingStatus(request, response);
				return null;
			}
			throw new PryvAuthenticationException(AuthState.Status.ERROR, PryvAuthenticationException.NO_PENDING_REQUEST,
					"No sign-in is in progress in this browser (it may have expired, or been started in another "
							+ "browser). Sign in again.");
		}
		PryvPlatforms.Platform platform = this.platforms.current(request);
		if (!status) {
			checkReturned(request, platform, pending);
		}
		PryvLoginAuthenticationToken accepted;
		try {
			PryvLoginAuthenticationToken attempt = new PryvLoginAuthenticationToken(pending, platform);
			attempt.setDetails(this.authenticationDetailsSource.buildDetails(request));
			accepted = (PryvLoginAuthenticationToken) getAuthenticationManager().authenticate(attempt);
		}
		catch (PryvLoginPendingException ex) {
			this.authRequestRepository.save(ex.pending(), request, response);
			waiting(request, response, status, ex.pending());
			return null;
		}
		catch (PryvAuthenticationException ex) {
			if (!PryvAuthenticationException.PLATFORM_UNREACHABLE.equals(ex.reasonId())) {
				// the sign-in is over (refused, expired, failed): a later return must not poll it again
				this.authRequestRepository.remove(request, response);
				this.platforms.forget(request);
			}
			throw ex;
		}
		this.authRequestRepository.remove(request, response);
		this.platforms.forget(request);
		this.connectionRepository.save(accepted.authorization(), request, response);
		PryvAuthenticationToken authentication = new PryvAuthenticationToken(accepted.user(), accepted.getAuthorities());
		authentication.setDetails(accepted.getDetails());
		return authentication;
	}

	/** Refuse return parameters that are not those of the pending request, without calling the platform. */
	private void checkReturned(HttpServletRequest request, PryvPlatforms.Platform platform, PendingAuth pending) {
		Map<String, String> returned = new HashMap<>();
		for (String name : RETURN_PARAMETERS) {
			String value = request.getParameter(name);
			if (value != null) {
				returned.put(name, value);
			}
		}
		if (returned.isEmpty()) {
			return;
		}
		String problem = mismatch(platform, returned, pending);
		if (problem != null) {
			logger.warn("Rejected a Pryv sign-in return: " + problem.replaceAll("\\p{Cntrl}", "_"));
			throw new PryvAuthenticationException(AuthState.Status.ERROR, PryvAuthenticationException.REJECTED_RETURN,
					"The sign-in answer was rejected: " + problem + ". Start the sign-in again.");
		}
	}

	private static @Nullable String mismatch(PryvPlatforms.Platform platform, Map<String, String> returned, PendingAuth pending) {
		PendingAuth claimed;
		try {
			claimed = platform.authFlow().resume(returned);
		}
		catch (PryvClientException | PryvApiException ex) {
			return ex.getMessage();
		}
		if (claimed.key() != null && !claimed.key().equals(pending.key())) {
			return "it is for another sign-in request than the one started in this browser";
		}
		if (!claimed.pollUrl().equals(pending.pollUrl())) {
			return "its poll URL is not the one of the sign-in started in this browser";
		}
		return null;
	}

	private void waiting(HttpServletRequest request, HttpServletResponse response, boolean status, PendingAuth pending)
			throws IOException {
		if (status) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", AuthState.Status.NEED_SIGNIN.name());
			body.put("pollRateMs", pending.pollRateMs());
			PryvLoginResponses.write(response, 200, body);
		}
		else if (this.waitingPageUrl != null) {
			this.redirectStrategy.sendRedirect(request, response, this.waitingPageUrl);
		}
		else {
			// the page reloads the return endpoint without the platform's parameters
			PryvLoginPages.waiting(response, request.getRequestURI());
		}
	}

	private void writeNoPendingStatus(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		Authentication current = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		if (current instanceof PryvAuthenticationToken signedIn && this.connectionRepository.load(request) != null) {
			body.put("status", AuthState.Status.ACCEPTED.name());
			body.put("username", signedIn.getPrincipal().username());
		}
		else {
			body.put("status", "NONE");
			body.put("message", "No sign-in is in progress");
		}
		PryvLoginResponses.write(response, 200, body);
	}

}
