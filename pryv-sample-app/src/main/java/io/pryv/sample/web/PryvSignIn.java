package io.pryv.sample.web;

import java.util.List;

import io.pryv.client.AuthState;
import io.pryv.spring.web.PryvAuthorization;
import io.pryv.spring.web.PryvConnectionRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Turns an accepted Pryv auth request into a signed-in web session: stores the
 * {@link PryvAuthorization} (endpoint and username, server side only), rotates the
 * session id (no fixation), and authenticates the user in Spring Security with
 * the Pryv username as principal.
 */
@Component
public class PryvSignIn {

	/** The authority every signed-in Pryv user has. */
	public static final String AUTHORITY = "ROLE_PRYV_USER";

	private final PryvConnectionRepository connections;

	private final SecurityContextRepository securityContexts;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	/**
	 * @param connections where the authorization is kept
	 * @param securityContexts where Spring Security keeps the authentication
	 */
	public PryvSignIn(PryvConnectionRepository connections, SecurityContextRepository securityContexts) {
		this.connections = connections;
		this.securityContexts = securityContexts;
	}

	/**
	 * Sign the user in.
	 * @param accepted an ACCEPTED state
	 * @param request the request
	 * @param response the response
	 */
	public void signIn(AuthState accepted, HttpServletRequest request, HttpServletResponse response) {
		if (accepted.status() != AuthState.Status.ACCEPTED || accepted.username() == null) {
			throw new IllegalArgumentException("Only an accepted auth request with a username signs a user in");
		}
		this.connections.save(new PryvAuthorization(accepted.apiEndpoint(), accepted.username()), request, response);
		request.changeSessionId();
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(accepted.username(), null,
				List.of(new SimpleGrantedAuthority(AUTHORITY)));
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(authentication);
		this.holder.setContext(context);
		this.securityContexts.saveContext(context, request, response);
	}

}
