package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import java.io.IOException;

import io.pryv.client.AuthState;
import io.pryv.client.PendingAuth;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvConnectionRepository;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
		PryvPlatforms.Platform platform = PryvPlatformSessions.current(this.platforms, request);
		if (!status) {
			// refuse return parameters that are not those of the pending request, without calling the platform
			PryvLoginReturns.check(request::getParameter, platform, pending).block();
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
				PryvPlatformSessions.forget(request);
			}
			throw ex;
		}
		this.authRequestRepository.remove(request, response);
		PryvPlatformSessions.forget(request);
		this.connectionRepository.save(accepted.authorization(), request, response);
		PryvAuthenticationToken authentication = new PryvAuthenticationToken(accepted.user(), accepted.getAuthorities());
		authentication.setDetails(accepted.getDetails());
		return authentication;
	}

	private void waiting(HttpServletRequest request, HttpServletResponse response, boolean status, PendingAuth pending)
			throws IOException {
		if (status) {
			PryvLoginResponses.write(response, 200, PryvLoginAnswers.waiting(pending));
		}
		else if (this.waitingPageUrl != null) {
			this.redirectStrategy.sendRedirect(request, response, this.waitingPageUrl);
		}
		else {
			// the page reloads the return endpoint without the platform's parameters
			PryvLoginResponses.html(response, PryvLoginPages.waiting(request.getRequestURI()));
		}
	}

	private void writeNoPendingStatus(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Authentication current = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
		boolean signedIn = current instanceof PryvAuthenticationToken && this.connectionRepository.load(request) != null;
		PryvLoginResponses.write(response, 200,
				signedIn ? PryvLoginAnswers.accepted(current.getName()) : PryvLoginAnswers.none());
	}

}
