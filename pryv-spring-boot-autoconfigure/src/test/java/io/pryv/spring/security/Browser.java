package io.pryv.spring.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import org.springframework.web.reactive.function.client.ClientRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser of a WebFlux test app over HTTP: it keeps the cookies the app sets
 * (the session cookie, changed on sign-in) and sends them back, and reads the
 * CSRF token from the app's page as a browser submits it with a form.
 */
public final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final Map<String, String> cookies = new ConcurrentHashMap<>();

	private final WebTestClient client;

	/** @param baseUrl the app */
	public Browser(String baseUrl) {
		// a connection of its own for every exchange, as the login tests hung at random (30 s, load 6-8)
		// on the next request of a kept-alive connection shared through Reactor Netty's global pool
		this.client = WebTestClient
			.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(30))
			.filter((request, next) -> next
				.exchange(ClientRequest.from(request).cookies((sent) -> this.cookies.forEach(sent::set)).build())
				.doOnNext((response) -> response.cookies().forEach((name, values) -> values.forEach((cookie) -> {
					if (cookie.getMaxAge().isZero()) {
						this.cookies.remove(name);
					}
					else {
						this.cookies.put(name, cookie.getValue());
					}
				}))))
			.build();
	}

	public WebTestClient client() {
		return this.client;
	}

	/** @return the session cookie's value (the session id), or {@code null} */
	public String session() {
		return this.cookies.get("SESSION");
	}

	/** Use the session of another browser (as if its cookie were stolen or shared). */
	public void useSession(String session) {
		this.cookies.put("SESSION", session);
	}

	/** @return the CSRF token of the form on the page at {@code path} */
	public String csrf(String path) {
		String page = this.client.get().uri(path).exchange().expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody();
		Matcher token = CSRF.matcher(page);
		assertThat(token.find()).as("a CSRF field in the page at " + path).isTrue();
		return token.group(1);
	}

	/**
	 * Submit a form as the page at {@code formPage} would: with its CSRF token.
	 * @param path where the form posts
	 * @param formPage the page with the form (and its CSRF token)
	 * @param fields more fields, as name, value, name, value...
	 * @return the answer
	 */
	public WebTestClient.ResponseSpec post(String path, String formPage, String... fields) {
		StringBuilder form = new StringBuilder("_csrf=").append(encode(csrf(formPage)));
		for (int i = 0; i + 1 < fields.length; i += 2) {
			form.append('&').append(fields[i]).append('=').append(encode(fields[i + 1]));
		}
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue(form.toString())
			.exchange();
	}

	/**
	 * Come back from the consent page as the platform sends the browser back.
	 * @param pollUrl the platform's poll URL of the sign-in
	 * @return the answer of the return endpoint
	 */
	public WebTestClient.ResponseSpec returnFrom(String pollUrl) {
		return this.client.get()
			.uri((uri) -> uri.path("/login/pryv/return")
				.queryParam("prYvkey", PryvPlatformStub.KEY)
				.queryParam("prYvstatus", "ACCEPTED")
				.queryParam("prYvpoll", "{poll}")
				.build(pollUrl))
			.exchange();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
