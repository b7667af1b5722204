package io.pryv.spring.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;

import jakarta.servlet.http.HttpServletRequest;

/** How the servlet sign-in endpoints answer ({@link PryvLoginAnswers}, {@link PryvLoginPages}), and how to tell a script from a page. */
final class PryvLoginResponses {

	private static final RequestMatcher WANTS_JSON;

	static {
		MediaTypeRequestMatcher json = new MediaTypeRequestMatcher(new HeaderContentNegotiationStrategy(),
				MediaType.APPLICATION_JSON);
		json.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		WANTS_JSON = json;
	}

	private PryvLoginResponses() {
	}

	/** @return whether the request asks for JSON ({@code Accept: application/json}, not {@code *}{@code /*}) */
	static boolean wantsJson(HttpServletRequest request) {
		return WANTS_JSON.matches(request);
	}

	/** @return a matcher of requests that ask for JSON or are made by a script ({@code X-Requested-With}) */
	static RequestMatcher scripts() {
		return (request) -> WANTS_JSON.matches(request)
				|| "XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"));
	}

	static void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
		response.setStatus(status);
		write(response, MediaType.APPLICATION_JSON_VALUE, PryvLoginAnswers.json(body));
	}

	static void html(HttpServletResponse response, String html) throws IOException {
		write(response, PryvLoginPages.CONTENT_TYPE, html.getBytes(StandardCharsets.UTF_8));
	}

	private static void write(HttpServletResponse response, String contentType, byte[] bytes) throws IOException {
		response.setContentType(contentType);
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

}
