package io.pryv.spring.web;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.pryv.client.PendingAuth;

/**
 * Where a web app keeps a user's pending Pryv auth request between the start
 * of the login and the browser's return, in the manner of Spring Security's
 * {@code AuthorizationRequestRepository}. The default stores it in the HTTP
 * session ({@link HttpSessionPryvAuthRequestRepository}); define a bean of
 * this type to store it elsewhere (a cookie, a database).
 */
public interface PryvAuthRequestRepository {

	/**
	 * @param request the current request
	 * @return the pending auth request of this user, or {@code null}
	 */
	@Nullable PendingAuth load(HttpServletRequest request);

	/**
	 * @param pending the pending request ({@code null} removes it)
	 * @param request the current request
	 * @param response the current response
	 */
	void save(@Nullable PendingAuth pending, HttpServletRequest request, HttpServletResponse response);

	/**
	 * @param request the current request
	 * @param response the current response
	 * @return the pending request that was removed, or {@code null}
	 */
	@Nullable PendingAuth remove(HttpServletRequest request, HttpServletResponse response);

}
