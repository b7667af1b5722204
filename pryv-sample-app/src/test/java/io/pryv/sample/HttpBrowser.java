package io.pryv.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A minimal browser for tests over real HTTP: keeps cookies (for every port of a
 * host, as browsers do), does not follow redirects, and reads the CSRF token
 * from the page's forms.
 */
final class HttpBrowser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<InputStream> stream(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
	}

	HttpResponse<InputStream> streamAccepting(String url, String accept) {
		return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).GET().build(),
				HttpResponse.BodyHandlers.ofInputStream());
	}

	HttpResponse<String> postForm(String url, String form) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> postJson(String url, String json, String csrfToken) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header("X-CSRF-TOKEN", csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * POST a multipart form with one file part.
	 * @param url the URL
	 * @param fields the plain fields
	 * @param fileName the file name
	 * @param content the file content
	 * @return the answer
	 */
	HttpResponse<String> postFile(String url, java.util.Map<String, String> fields, String fileName, byte[] content) {
		String boundary = "----pryvsample" + System.nanoTime();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
				+ "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** @return the CSRF token of the page at {@code appUrl} (which also starts the session) */
	String csrfToken(String appUrl) {
		HttpResponse<String> page = get(appUrl + "/");
		assertThat(page.statusCode()).isEqualTo(200);
		Matcher matcher = CSRF.matcher(page.body());
		assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
		return matcher.group(1);
	}

	/**
	 * Start a sign-in on one app instance.
	 * @param appUrl the app
	 * @return the consent page URL the app redirected to
	 */
	String startSignIn(String appUrl) {
		HttpResponse<String> start = postForm(appUrl + "/login/pryv",
				"_csrf=" + URLEncoder.encode(csrfToken(appUrl), StandardCharsets.UTF_8));
		assertThat(start.statusCode()).isEqualTo(302);
		return start.headers().firstValue("Location").orElseThrow();
	}

	/**
	 * Come back from the platform, as its consent page sends the browser back.
	 * @param appUrl the app (any instance)
	 * @param platformBase the platform's base URL
	 * @return the app's answer
	 */
	HttpResponse<String> returnFromPlatform(String appUrl, String platformBase) {
		return get(appUrl + "/login/pryv/return?prYvkey=" + Fixtures.KEY + "&prYvstatus=ACCEPTED&prYvpoll="
				+ URLEncoder.encode(Fixtures.pollUrl(platformBase), StandardCharsets.UTF_8));
	}

	private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.client.send(request, handler);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
