package io.pryv.spring.web;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps the user's {@link PryvAuthorization} in the HTTP session under
 * {@link #ATTRIBUTE}. Reads never create a session; every change calls
 * {@code setAttribute} (or {@code removeAttribute}), so Spring Session stores
 * persist it across app instances. Saving a new login into a session that
 * already existed changes the session id, so that a session id planted before
 * the login (session fixation) does not get the user's Pryv access.
 */
public final class HttpSessionPryvConnectionRepository implements PryvConnectionRepository {

	/** The session attribute name. */
	public static final String ATTRIBUTE = "io.pryv.spring.web.HttpSessionPryvConnectionRepository.AUTHORIZATION";

	@Override
	public @Nullable PryvAuthorization load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null && session.getAttribute(ATTRIBUTE) instanceof PryvAuthorization authorization)
				? authorization : null;
	}

	@Override
	public void save(@Nullable PryvAuthorization authorization, HttpServletRequest request, HttpServletResponse response) {
		if (authorization == null) {
			remove(request, response);
			return;
		}
		HttpSession existing = request.getSession(false);
		if (existing != null && !authorization.equals(existing.getAttribute(ATTRIBUTE))) {
			// A new login in a session that existed before it: give it a new id (session fixation)
			request.changeSessionId();
		}
		request.getSession(true).setAttribute(ATTRIBUTE, authorization);
	}

	@Override
	public void remove(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(ATTRIBUTE);
		}
	}

}
