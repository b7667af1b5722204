package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.HtmlUtils;

/**
 * The two pages the starter renders itself when the application has none, for
 * both stacks: the sign-in page (a "Sign in with Pryv" button) and the page
 * shown while the platform has not recorded the user's answer. Plain HTML, no
 * script, no inline style (any Content-Security-Policy allows them), never a
 * token.
 */
final class PryvLoginPages {

	/** The content type of the pages. */
	static final String CONTENT_TYPE = "text/html;charset=UTF-8";

	private PryvLoginPages() {
	}

	/** @return the sign-in page: a form posting to {@code startUrl} with the CSRF token, the error, the signed-out note */
	static String signIn(String startUrl, @Nullable String csrfParameter, @Nullable String csrfToken,
			@Nullable String error, boolean signedOut) {
		StringBuilder html = head("Sign in with Pryv");
		html.append("<h1>Sign in with Pryv</h1>\n");
		if (error != null) {
			html.append("<p id=\"error\" role=\"alert\">").append(HtmlUtils.htmlEscape(error)).append("</p>\n");
		}
		if (signedOut) {
			html.append("<p id=\"info\" role=\"status\">You are signed out.</p>\n");
		}
		html.append("<p>The platform asks you which data this app may use, then sends you back here.</p>\n")
			.append("<form method=\"post\" action=\"").append(HtmlUtils.htmlEscape(startUrl)).append("\">\n");
		if (csrfToken != null && csrfParameter != null) {
			html.append("<input type=\"hidden\" name=\"").append(HtmlUtils.htmlEscape(csrfParameter))
				.append("\" value=\"").append(HtmlUtils.htmlEscape(csrfToken)).append("\">\n");
		}
		return html.append("<button type=\"submit\" id=\"sign-in\">Sign in with Pryv</button>\n</form>\n</body>\n</html>\n")
			.toString();
	}

	/** @return the message of a failed sign-in for the sign-in page */
	static String errorMessage(@Nullable Object failure) {
		return (failure instanceof org.springframework.security.core.AuthenticationException ex && ex.getMessage() != null)
				? ex.getMessage() : "The sign-in failed. Sign in again.";
	}

	/** @return the page that reloads {@code returnUrl} every 2 seconds */
	static String waiting(String returnUrl) {
		String url = HtmlUtils.htmlEscape(returnUrl);
		StringBuilder html = head("Waiting for the platform", "<meta http-equiv=\"refresh\" content=\"2;url=" + url + "\">\n");
		html.append("<h1>Waiting for your answer</h1>\n")
			.append("<p id=\"pending\">The platform has not recorded your answer yet. This page checks again every 2 seconds.</p>\n")
			.append("<p><a href=\"").append(url).append("\">Check now</a></p>\n</body>\n</html>\n");
		return html.toString();
	}

	private static StringBuilder head(String title, String... extra) {
		StringBuilder html = new StringBuilder(1024).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
			.append("<meta charset=\"utf-8\">\n<meta name=\"referrer\" content=\"no-referrer\">\n");
		for (String line : extra) {
			html.append(line);
		}
		return html.append("<title>").append(title).append("</title>\n</head>\n<body>\n");
	}

}
