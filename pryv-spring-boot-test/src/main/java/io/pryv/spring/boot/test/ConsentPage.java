package io.pryv.spring.boot.test;

import tools.jackson.databind.JsonNode;

/**
 * The HTML pages of the simulated platform: the consent page (which app asks
 * for what, a username, Accept and Refuse) and plain messages. Works without
 * JavaScript; every value from a request is HTML-escaped. Element ids
 * ({@code username}, {@code accept}, {@code refuse}, {@code requesting-app},
 * {@code permissions}, {@code message}) are stable, for browser tests.
 */
final class ConsentPage {

	private static final String STYLE = """
			body{font-family:system-ui,sans-serif;background:#f4f1ee;margin:0;color:#222}
			main{max-width:30rem;margin:3rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 2px 8px #0002}
			.banner{background:#fff3cd;border:1px solid #e0c060;padding:.6rem;border-radius:4px;font-size:.9rem}
			h1{color:#bd1026;font-size:1.4rem} li{margin:.3rem 0}
			label{display:block;margin-top:1rem} input[type=text]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
			.buttons{margin-top:1.5rem;display:flex;gap:1rem}
			button{flex:1;padding:.7rem;font-size:1rem;border-radius:4px;border:1px solid #bd1026;cursor:pointer}
			#accept{background:#bd1026;color:#fff} #refuse{background:#fff;color:#bd1026}
			""";

	/** The sign-in button style the platform publishes in its assets (as Pryv platforms do). */
	static final String BUTTON_CSS = """
			.pryv-access-btn{display:inline-flex;align-items:center;gap:.5rem;background:#bd1026;color:#fff;\
			border:0;border-radius:4px;padding:.7rem 1.2rem;font-size:1rem;font-weight:600;cursor:pointer}
			.pryv-access-btn:hover{background:#97081c}
			.pryv-access-btn::before{content:"P";display:inline-block;width:1.4rem;height:1.4rem;border-radius:50%;\
			background:#fff;color:#bd1026;text-align:center;line-height:1.4rem;font-weight:800}
			""";

	private ConsentPage() {
	}

	static String form(String platformName, PlatformState.AuthRequestRecord request) {
		StringBuilder permissions = new StringBuilder();
		for (JsonNode permission : request.body.path("requestedPermissions")) {
			String name = permission.path("defaultName").asString(permission.path("streamId").asString(""));
			permissions.append("<li><strong>").append(escape(permission.path("level").asString("?")))
				.append("</strong> access to <em>").append(escape(name)).append("</em> (stream <code>")
				.append(escape(permission.path("streamId").asString(""))).append("</code>)</li>");
		}
		return page("Sign in to " + platformName, """
				<p class="banner" id="simulation-banner">This is a <strong>simulated</strong> Pryv platform \
				(pryv-spring-boot-test). No real account, no real data: any username works, nothing is kept \
				after it stops.</p>
				<h1>Sign in to %s</h1>
				<p>The app <strong id="requesting-app">%s</strong> asks for:</p>
				<ul id="permissions">%s</ul>
				<form method="post" action="/access/consent">
				<input type="hidden" name="key" value="%s">
				<label for="username">Username</label>
				<input type="text" id="username" name="username" value="demo-user" required pattern="[a-z0-9][a-z0-9-]{3,58}[a-z0-9]">
				<div class="buttons">
				<button type="submit" id="accept" name="decision" value="accept">Accept</button>
				<button type="submit" id="refuse" name="decision" value="refuse" formnovalidate>Refuse</button>
				</div>
				</form>
				""".formatted(escape(platformName), escape(request.appId), permissions, escape(request.key)));
	}

	static String message(String title, String text) {
		return page(title, "<h1>" + escape(title) + "</h1><p id=\"message\">" + escape(text) + "</p>");
	}

	private static String page(String title, String body) {
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
				+ "<meta name=\"referrer\" content=\"no-referrer\"><title>" + escape(title) + "</title><style>" + STYLE
				+ "</style></head><body><main>" + body + "</main></body></html>";
	}

	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&#39;");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

}
