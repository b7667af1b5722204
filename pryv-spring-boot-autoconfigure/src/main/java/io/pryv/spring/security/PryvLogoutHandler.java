package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvAuthorization;
import io.pryv.spring.web.PryvConnectionRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * Part of Spring Security's logout ({@code POST /logout}, CSRF-protected) for
 * users signed in with Pryv: forgets the user's {@link PryvAuthorization} and
 * any pending sign-in, and, when asked, first revokes the app's access on the
 * platform (the token dies): on every logout ({@code pryv.security.logout.revoke=always}),
 * or when the logout request has the {@link #getRevokeParameter() revoke parameter}
 * (default {@code revoke}, e.g. a checkbox). The outcome is left in the request
 * attribute {@link #OUTCOME} ({@code signed-out}, {@code revoked} or
 * {@code revoke-failed}) for the logout success handler.
 */
public class PryvLogoutHandler extends AbstractPryvLogoutHandler implements LogoutHandler {

	/** Request attribute: {@code signed-out}, {@code revoked} or {@code revoke-failed}. */
	public static final String OUTCOME = PryvLogoutHandler.class.getName() + ".OUTCOME";

	private final PryvConnectionRepository connectionRepository;

	private final PryvAuthRequestRepository authRequestRepository;

	/**
	 * @param connectionRepository where the authorization is kept
	 * @param authRequestRepository where a pending sign-in is kept
	 * @param connectionFactory makes the connection that revokes
	 */
	public PryvLogoutHandler(PryvConnectionRepository connectionRepository,
			PryvAuthRequestRepository authRequestRepository, PryvConnectionFactory connectionFactory) {
		super(connectionFactory);
		this.connectionRepository = connectionRepository;
		this.authRequestRepository = authRequestRepository;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		PryvAuthorization authorization = this.connectionRepository.load(request);
		String outcome = SIGNED_OUT;
		String parameter = getRevokeParameter();
		if (authorization != null
				&& revokes(parameter != null && request.getParameter(parameter) != null)) {
			outcome = revoke(authorization).block();
		}
		if (authorization != null) {
			this.connectionRepository.remove(request, response);
		}
		this.authRequestRepository.remove(request, response);
		request.setAttribute(OUTCOME, outcome);
	}

}
