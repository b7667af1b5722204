package io.pryv.spring.boot.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Raw HTTP calls to a simulated platform, as any client would make them. */
final class PlatformHttp {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private final String base;

	PlatformHttp(SimulatedPryvPlatform platform) {
		this.base = platform.baseUrl();
	}

	/** An answer: status, content type and body. */
	record Answer(int status, String contentType, byte[] bytes) {

		JsonNode json() {
			return MAPPER.readTree(this.bytes);
		}

		String text() {
			return new String(this.bytes, StandardCharsets.UTF_8);
		}

	}

	Answer send(String method, String path, String token, Object body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : this.base + path));
		if (token != null) {
			request.header("Authorization", token);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		if (body instanceof byte[] bytes) {
			request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
		}
		else if (body != null) {
			request.header("Content-Type", "application/json");
			String json = (body instanceof String text) ? text : MAPPER.writeValueAsString(body);
			request.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	Answer get(String path, String token) {
		return send("GET", path, token, null);
	}

	Answer post(String path, String token, Object body, String... headers) {
		return send("POST", path, token, body, headers);
	}

	/** @return the token of an API endpoint {@code http://{token}@host/user/} */
	static String tokenOf(String apiEndpoint) {
		return apiEndpoint.substring(apiEndpoint.indexOf("://") + 3, apiEndpoint.lastIndexOf('@'));
	}

}
