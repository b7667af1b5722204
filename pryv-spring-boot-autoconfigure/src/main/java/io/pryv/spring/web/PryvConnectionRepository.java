package io.pryv.spring.web;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Where a web app keeps a user's Pryv login ({@link PryvAuthorization}: the
 * granted endpoint and username), in the manner of Spring Security's
 * {@code OAuth2AuthorizedClientRepository}. The default stores it in the HTTP
 * session ({@link HttpSessionPryvConnectionRepository}); define a bean of this
 * type to store it elsewhere.
 */
public interface PryvConnectionRepository {

	/**
	 * @param request the current request
	 * @return the user's authorization, or {@code null} when not logged in
	 */
	@Nullable PryvAuthorization load(HttpServletRequest request);

	/**
	 * @param authorization the authorization ({@code null} removes it)
	 * @param request the current request
	 * @param response the current response
	 */
	void save(@Nullable PryvAuthorization authorization, HttpServletRequest request, HttpServletResponse response);

	/**
	 * Forget the user's login (log out).
	 * @param request the current request
	 * @param response the current response
	 */
	void remove(HttpServletRequest request, HttpServletResponse response);

}
