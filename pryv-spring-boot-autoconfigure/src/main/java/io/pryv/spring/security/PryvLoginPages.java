package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.util.HtmlUtils;

/**
 * The two pages the starter renders itself when the application has none: the
 * sign-in page (a "Sign in with Pryv" button) and the page shown while the
 * platform has not recorded the user's answer. Plain HTML, no script, no
 * inline style (any Content-Security-Policy allows them), never a token.
 */
final class PryvLoginPages {

	private PryvLoginPages() {
	}

	static void signIn(HttpServletResponse response, String startUrl, @Nullable String csrfParameter,
			@Nullable String csrfToken, @Nullable String error, boolean signedOut) throws IOException {
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
		if (csrfToken != null) {
			html.append("<input type=\"hidden\" name=\"").append(HtmlUtils.htmlEscape(csrfParameter))
				.append("\" value=\"").append(HtmlUtils.htmlEscape(csrfToken)).append("\">\n");
		}
		html.append("<button type=\"submit\" id=\"sign-in\">Sign in with Pryv</button>\n</form>\n</body>\n</html>\n");
		write(response, html);
	}

	static void waiting(HttpServletResponse response, String returnUrl) throws IOException {
		String url = HtmlUtils.htmlEscape(returnUrl);
		StringBuilder html = head("Waiting for the platform", "<meta http-equiv=\"refresh\" content=\"2;url=" + url + "\">\n");
		html.append("<h1>Waiting for your answer</h1>\n")
			.append("<p id=\"pending\">The platform has not recorded your answer yet. This page checks again every 2 seconds.</p>\n")
			.append("<p><a href=\"").append(url).append("\">Check now</a></p>\n</body>\n</html>\n");
		write(response, html);
	}

	private static StringBuilder head(String title, String... extra) {
		StringBuilder html = new StringBuilder(1024).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n")
			.append("<meta charset=\"utf-8\">\n<meta name=\"referrer\" content=\"no-referrer\">\n");
		for (String line : extra) {
			html.append(line);
		}
		return html.append("<title>").append(title).append("</title>\n</head>\n<body>\n");
	}

	private static void write(HttpServletResponse response, StringBuilder html) throws IOException {
		byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
		response.setContentType("text/html;charset=UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
	}

}
