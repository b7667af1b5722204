package io.pryv.spring.security;

import io.pryv.client.AuthRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides the auth request a sign-in sends to the platform, in the manner of
 * Spring Security's {@code OAuth2AuthorizationRequestResolver}: e.g. other
 * permissions or client data depending on the request. The default sends the
 * configured request ({@code pryv.app-id}, {@code pryv.permissions}, ...) as is.
 */
@FunctionalInterface
public interface PryvAuthRequestResolver {

	/**
	 * @param request the sign-in request of the browser
	 * @param configured the configured auth request, its {@code returnURL} already
	 * set to this app's return endpoint
	 * @return the auth request to send (its {@code returnURL} must lead back to the return endpoint)
	 */
	AuthRequest resolve(HttpServletRequest request, AuthRequest configured);

}
