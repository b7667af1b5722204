package io.pryv.sample.web;

import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvAuthorization;
import io.pryv.spring.web.PryvConnectionRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/**
 * Part of {@code POST /logout} (Spring Security's logout, CSRF-protected): with
 * the {@code revoke} checkbox ticked, deletes the app's access on the platform
 * (the token dies); in any case forgets the Pryv authorization and any pending
 * sign-in. Spring Security then invalidates the session. The outcome is left in
 * the request attribute {@link #OUTCOME} for the success handler.
 */
@Component
public class PryvLogoutHandler implements LogoutHandler {

	/** Request attribute: {@code signed-out}, {@code revoked} or {@code revoke-failed}. */
	public static final String OUTCOME = PryvLogoutHandler.class.getName() + ".OUTCOME";

	private static final Log logger = LogFactory.getLog(PryvLogoutHandler.class);

	private final PryvConnectionRepository connections;

	private final PryvAuthRequestRepository pendingAuths;

	private final PryvConnectionFactory connectionFactory;

	/**
	 * @param connections where the authorization is kept
	 * @param pendingAuths where a pending sign-in is kept
	 * @param connectionFactory makes the connection that revokes
	 */
	public PryvLogoutHandler(PryvConnectionRepository connections, PryvAuthRequestRepository pendingAuths,
			PryvConnectionFactory connectionFactory) {
		this.connections = connections;
		this.pendingAuths = pendingAuths;
		this.connectionFactory = connectionFactory;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		PryvAuthorization authorization = this.connections.load(request);
		String outcome = "signed-out";
		if (authorization != null && request.getParameter("revoke") != null) {
			try {
				this.connectionFactory.connect(authorization.apiEndpoint()).revoke();
				outcome = "revoked";
			}
			catch (PryvApiException | PryvClientException ex) {
				logger.warn("Could not revoke the Pryv access of " + authorization.username() + ": " + ex.getMessage());
				outcome = "revoke-failed";
			}
		}
		if (authorization != null) {
			this.connections.remove(request, response);
		}
		this.pendingAuths.remove(request, response);
		request.setAttribute(OUTCOME, outcome);
	}

}
