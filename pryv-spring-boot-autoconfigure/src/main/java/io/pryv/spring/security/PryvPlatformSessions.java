package io.pryv.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** Where the servlet login keeps the platform of a sign-in: the HTTP session ({@link PryvPlatforms#SESSION_ATTRIBUTE}). */
final class PryvPlatformSessions {

	private PryvPlatformSessions() {
	}

	/** Keep the platform of the sign-in starting in this session. */
	static void remember(PryvPlatforms platforms, PryvPlatforms.Platform platform, HttpServletRequest request) {
		String value = platforms.sessionValue(platform);
		if (value == null) {
			forget(request);
			return;
		}
		request.getSession().setAttribute(PryvPlatforms.SESSION_ATTRIBUTE, value);
	}

	/** @return the platform of this session's sign-in (the configured one when none was chosen) */
	static PryvPlatforms.Platform current(PryvPlatforms platforms, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return platforms.fromSession((session != null) ? session.getAttribute(PryvPlatforms.SESSION_ATTRIBUTE) : null);
	}

	/** Forget the platform of this session's sign-in. */
	static void forget(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(PryvPlatforms.SESSION_ATTRIBUTE) != null) {
			session.removeAttribute(PryvPlatforms.SESSION_ATTRIBUTE);
		}
	}

}
