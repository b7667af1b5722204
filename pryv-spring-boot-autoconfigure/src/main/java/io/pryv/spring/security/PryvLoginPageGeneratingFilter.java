package io.pryv.spring.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The sign-in page of an application that has none of its own ({@code GET} on
 * the start endpoint): a "Sign in with Pryv" button posting to the start
 * endpoint with the CSRF token, the last sign-in failure after {@code ?error},
 * a signed-out note after {@code ?logout}.
 */
final class PryvLoginPageGeneratingFilter extends OncePerRequestFilter {

	private final RequestMatcher pageMatcher;

	private final String startPath;

	PryvLoginPageGeneratingFilter(RequestMatcher pageMatcher, String startPath) {
		this.pageMatcher = pageMatcher;
		this.startPath = startPath;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.pageMatcher.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		String error = null;
		if (request.getParameter("error") != null) {
			HttpSession session = request.getSession(false);
			Object failure = (session != null) ? session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) : null;
			error = PryvLoginPages.errorMessage(failure);
		}
		PryvLoginResponses.html(response, PryvLoginPages.signIn(request.getContextPath() + this.startPath,
				(csrf != null) ? csrf.getParameterName() : null, (csrf != null) ? csrf.getToken() : null, error,
				request.getParameter("logout") != null));
	}

}
