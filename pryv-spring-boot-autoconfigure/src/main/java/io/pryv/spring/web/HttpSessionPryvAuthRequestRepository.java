package io.pryv.spring.web;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import io.pryv.client.PendingAuth;

/**
 * Keeps the pending auth request in the HTTP session under
 * {@link #ATTRIBUTE}. Reads never create a session; every change calls
 * {@code setAttribute} (or {@code removeAttribute}), so Spring Session stores
 * persist it and any app instance can finish the login.
 */
public final class HttpSessionPryvAuthRequestRepository implements PryvAuthRequestRepository {

	/** The session attribute name (a constant, so that the WebFlux repository shares it without loading this class). */
	public static final String ATTRIBUTE = "io.pryv.spring.web.HttpSessionPryvAuthRequestRepository.PENDING_AUTH";

	@Override
	public @Nullable PendingAuth load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return (session != null && session.getAttribute(ATTRIBUTE) instanceof PendingAuth pending) ? pending : null;
	}

	@Override
	public void save(@Nullable PendingAuth pending, HttpServletRequest request, HttpServletResponse response) {
		if (pending == null) {
			remove(request, response);
			return;
		}
		request.getSession(true).setAttribute(ATTRIBUTE, pending);
	}

	@Override
	public @Nullable PendingAuth remove(HttpServletRequest request, HttpServletResponse response) {
		PendingAuth pending = load(request);
		if (pending != null) {
			request.getSession(false).removeAttribute(ATTRIBUTE);
		}
		return pending;
	}

}
