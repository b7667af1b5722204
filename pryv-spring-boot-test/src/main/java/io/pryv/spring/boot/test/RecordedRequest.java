package io.pryv.spring.boot.test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request the application sent to the {@link SimulatedPryvPlatform}, as it
 * arrived: method, URL, headers and body. {@link #toString()} masks the
 * {@code Authorization} header and an {@code auth} query parameter.
 */
public final class RecordedRequest {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final String method;

	private final String url;

	private final Map<String, List<String>> headers;

	private final byte[] body;

	private final Instant receivedAt;

	RecordedRequest(String method, String url, Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
		this.method = method;
		this.url = url;
		this.headers = headers;
		this.body = body;
		this.receivedAt = receivedAt;
	}

	/** @return the HTTP method, e.g. {@code POST} */
	public String method() {
		return this.method;
	}

	/** @return the path and query as sent, e.g. {@code /alice/events?limit=20} */
	public String url() {
		return this.url;
	}

	/** @return the path, still URL-encoded, e.g. {@code /alice/events} */
	public String path() {
		return URI.create(this.url).getRawPath();
	}

	/** @return the raw query, or {@code null} */
	public String query() {
		return URI.create(this.url).getRawQuery();
	}

	/**
	 * @param name a header name (any case)
	 * @return its first value, or {@code null}
	 */
	public String header(String name) {
		List<String> values = headers(name);
		return values.isEmpty() ? null : values.get(0);
	}

	/**
	 * @param name a header name (any case)
	 * @return all its values, possibly none
	 */
	public List<String> headers(String name) {
		return this.headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
	}

	/** @return the body's bytes (empty when none) */
	public byte[] body() {
		return this.body.clone();
	}

	/** @return the body as UTF-8 text */
	public String bodyAsString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/**
	 * @return the body as JSON
	 * @throws IllegalStateException when the body is not JSON
	 */
	public JsonNode json() {
		try {
			return MAPPER.readTree(this.body);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException(this.method + " " + path() + " has no JSON body", ex);
		}
	}

	/** @return whether this is a batch call: a {@code POST} to a user's API root ({@code /{username}/}) */
	public boolean isBatch() {
		return this.method.equals("POST") && path().matches("/[a-z0-9][a-z0-9-]*[a-z0-9]/?");
	}

	/** @return when the platform received it */
	public Instant receivedAt() {
		return this.receivedAt;
	}

	@Override
	public String toString() {
		String shown = this.url.replaceAll("([?&]auth=)[^&]*", "$1****");
		return this.method + " " + shown + (header("Authorization") != null ? " (Authorization: ****)" : "");
	}

}
