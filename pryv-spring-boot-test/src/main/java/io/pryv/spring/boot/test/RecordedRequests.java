package io.pryv.spring.boot.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * What the application sent to the {@link SimulatedPryvPlatform}, in arrival
 * order, and checks a demanding test makes on it: no token in any URL, the
 * {@code Origin} of logins, the calls of every batch.
 * <pre class="code">
 * platform.requests().assertNoTokenInUrls();
 * assertThat(platform.requests().batchCalls()).extracting((call) -&gt; call.path("method").asString())
 *     .containsExactly("events.create");
 * </pre>
 * The platform keeps the latest requests only (10,000 by default,
 * {@link SimulatedPryvPlatform.Builder#maxRecordedRequests(int)}).
 */
public final class RecordedRequests {

	private final Deque<RecordedRequest> requests = new ArrayDeque<>();

	private final int max;

	private final Supplier<List<String>> tokens;

	RecordedRequests(int max, Supplier<List<String>> tokens) {
		this.max = max;
		this.tokens = tokens;
	}

	synchronized void add(RecordedRequest request) {
		if (this.max <= 0) {
			return;
		}
		if (this.requests.size() >= this.max) {
			this.requests.removeFirst();
		}
		this.requests.addLast(request);
	}

	/** @return every recorded request, oldest first */
	public synchronized List<RecordedRequest> all() {
		return List.copyOf(this.requests);
	}

	/** Forget the requests recorded so far. */
	public synchronized void clear() {
		this.requests.clear();
	}

	/**
	 * @param method an HTTP method, or {@code *} for any
	 * @param path an exact path such as {@code /alice/events}, or a prefix ending with {@code *}
	 * @return the matching requests, oldest first
	 */
	public List<RecordedRequest> to(String method, String path) {
		return all().stream().filter((request) -> PlatformFaults.matches(method, path, request.method(), request.path())).toList();
	}

	/** @return the batch calls ({@code POST /{username}/}), oldest first */
	public List<RecordedRequest> batches() {
		return all().stream().filter(RecordedRequest::isBatch).toList();
	}

	/** @return every call of every batch, in the order sent: {@code {"method": ..., "params": ...}} */
	public List<JsonNode> batchCalls() {
		List<JsonNode> calls = new ArrayList<>();
		for (RecordedRequest batch : batches()) {
			batch.json().forEach(calls::add);
		}
		return calls;
	}

	/** @return the logins ({@code POST /{username}/auth/login}), oldest first */
	public List<RecordedRequest> logins() {
		return all().stream()
			.filter((request) -> request.method().equals("POST") && request.path().endsWith("/auth/login"))
			.toList();
	}

	/** @return the auth requests started ({@code POST /reg/access}), oldest first */
	public List<RecordedRequest> authRequests() {
		return all().stream()
			.filter((request) -> request.method().equals("POST") && request.path().matches("/reg/access/?"))
			.toList();
	}

	/**
	 * Check that no URL the application requested holds an access token the
	 * platform issued, nor an {@code auth} query parameter (tokens go in the
	 * {@code Authorization} header only: URLs end up in logs, traces and
	 * metrics).
	 * @throws AssertionError naming the first offending request (token masked)
	 */
	public void assertNoTokenInUrls() {
		List<String> tokens = this.tokens.get();
		for (RecordedRequest request : all()) {
			String url = URLDecoder.decode(request.url(), StandardCharsets.UTF_8);
			String query = request.query();
			boolean authParameter = query != null && ("&" + query).contains("&auth=");
			String leaked = tokens.stream().filter(url::contains).findFirst().orElse(null);
			if (leaked != null || authParameter) {
				String shown = (leaked != null) ? url.replace(leaked, "****") : url.replaceAll("auth=[^&]*", "auth=****");
				throw new AssertionError("An access token was sent in a URL: " + request.method() + " " + shown);
			}
		}
	}

	/**
	 * Check that every login so far sent this {@code Origin} header.
	 * @param origin the expected origin, e.g. {@code https://portal.example.org}
	 * @throws AssertionError when there was no login, or one sent another origin or none
	 */
	public void assertLoginsSentOrigin(String origin) {
		List<RecordedRequest> logins = logins();
		if (logins.isEmpty()) {
			throw new AssertionError("No login was sent to the platform");
		}
		for (RecordedRequest login : logins) {
			if (!origin.equals(login.header("Origin"))) {
				throw new AssertionError("Login " + login.path() + " sent Origin " + login.header("Origin") + ", expected " + origin);
			}
		}
	}

}
