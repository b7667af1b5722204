package io.pryv.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps the user's {@link PryvAuthorization} in the HTTP session under
 * {@link #ATTRIBUTE}. Reads never create a session; every change calls
 * {@code setAttribute} (or {@code removeAttribute}), so Spring Session stores
 * persist it across app instances.
 */
public final class HttpSessionPryvConnectionRepository implements PryvConnectionRepository {

	/** The session attribute name. */
	public static final String ATTRIBUTE = HttpSessionPryvConnectionRepository.class.getName() + ".AUTHORIZATION";

	@Override
	public PryvAuthorization load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null && session.getAttribute(ATTRIBUTE) instanceof PryvAuthorization authorization)
				? authorization : null;
	}

	@Override
	public void save(PryvAuthorization authorization, HttpServletRequest request, HttpServletResponse response) {
		if (authorization == null) {
			remove(request, response);
			return;
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
