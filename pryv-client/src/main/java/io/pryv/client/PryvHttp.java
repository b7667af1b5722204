package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one place where the client talks HTTP: headers every call sends, JSON in
 * and out, and the mapping of answers to values or {@link PryvException}s.
 * <p>
 * JSON answers are joined from the raw response buffers, not decoded by a
 * codec, so large batch answers never hit {@code spring.http.codecs.max-in-memory-size}.
 */
final class PryvHttp {

	/** {@code pryv-spring-boot/<version>}, the User-Agent of every call. */
	static final String USER_AGENT = "pryv-spring-boot/" + version();

	/** Builds the {@code WebClient} on the first call: an application starts without the HTTP stack. */
	private final Supplier<WebClient> webClientFactory;

	private volatile @Nullable WebClient webClient;

	private final JsonMapper mapper;

	private final IdempotentRetry retry;

	PryvHttp(WebClient webClient, JsonMapper mapper) {
		this(() -> webClient, mapper, RetryPolicy.DEFAULT, ObservationRegistry.NOOP);
	}

	PryvHttp(Supplier<WebClient> webClientFactory, JsonMapper mapper, RetryPolicy retryPolicy,
			ObservationRegistry registry) {
		this.webClientFactory = webClientFactory;
		this.mapper = mapper;
		this.retry = new IdempotentRetry(retryPolicy, registry);
	}

	/**
	 * An HTTP answer whose body was read as JSON ({@code null} for an empty body),
	 * with the start of its body for errors ({@link BodyExcerpt}, {@code null} when empty).
	 */
	record Answer(int status, @Nullable JsonNode body, HttpHeaders headers, @Nullable String excerpt) {
	}

	WebClient webClient() {
		WebClient client = this.webClient;
		if (client == null) {
			synchronized (this) {
				client = this.webClient;
				if (client == null) {
					client = this.webClientFactory.get();
					this.webClient = client;
				}
			}
		}
		return client;
	}

	JsonMapper mapper() {
		return this.mapper;
	}

	IdempotentRetry retry() {
		return this.retry;
	}

	/**
	 * Send a request and read its JSON answer, whatever its status. A
	 * {@code GET} is retried by the {@link RetryPolicy} (connection errors before
	 * any byte of the answer, 502, 503, 504, 429); any other method is sent once.
	 * @param method the HTTP method
	 * @param url the absolute URL (never with a token in it)
	 * @param token the token for {@code Authorization}, or {@code null}
	 * @param body the JSON body (any value Jackson can write), or {@code null}
	 * @param headers extra headers, or {@code null}
	 * @param what the call's name for error messages, e.g. {@code events.get}
	 * @return the answer
	 */
	Mono<Answer> exchange(HttpMethod method, String url, String token, Object body, Consumer<HttpHeaders> headers,
			String what) {
		boolean idempotent = isIdempotent(method);
		Mono<Answer> attempt = Mono.defer(() -> {
			WebClient.RequestBodySpec request = webClient().method(method)
				.uri(URI.create(url))
				.headers((h) -> {
					applyCommonHeaders(h, token);
					if (headers != null) {
						headers.accept(h);
					}
				});
			WebClient.RequestHeadersSpec<?> ready = (body != null)
					? request.contentType(MediaType.APPLICATION_JSON).bodyValue(this.mapper.writeValueAsBytes(body))
					: request;
			return ready.exchangeToMono((response) -> (idempotent && retryableAnswer(response))
					? retryableStatus(response, url, token, what)
					: readAnswer(response, url, token, what));
		});
		Mono<Answer> sent = idempotent ? this.retry.retry(attempt, method)
			.onErrorResume(IdempotentRetry.RetryableStatus.class, (last) -> last.resume(Answer.class)) : attempt;
		return sent.onErrorMap((ex) -> !(ex instanceof PryvException), (ex) -> transportError(ex, method, url, token, what));
	}

	/** Only {@code GET}s are retried: every other request of the Pryv API may write. */
	static boolean isIdempotent(HttpMethod method) {
		return HttpMethod.GET.equals(method);
	}

	boolean retryableAnswer(ClientResponse response) {
		return this.retry.policy().enabled() && IdempotentRetry.isRetryableStatus(response.statusCode().value());
	}

	/**
	 * Read an answer worth another attempt (502, 503, 504, 429) and signal it as
	 * a {@link IdempotentRetry.RetryableStatus} carrying what it was read as.
	 */
	<T> Mono<T> retryableStatus(ClientResponse response, String url, String token, String what) {
		int status = response.statusCode().value();
		java.time.Duration retryAfter = this.retry.retryAfter(response.headers().asHttpHeaders());
		return readAnswer(response, url, token, what)
			.map((answer) -> new IdempotentRetry.RetryableStatus(status, retryAfter, answer, null))
			.onErrorResume(PryvException.class,
					(ex) -> Mono.just(new IdempotentRetry.RetryableStatus(status, retryAfter, null, ex)))
			.flatMap(Mono::error);
	}

	/**
	 * The body of a successful answer of a user's API (a connection's call):
	 * like {@link #successBody}, and it must be a Pryv answer, with
	 * {@code meta.serverTime}, as lib-js requires. A proxy or a wrong URL that
	 * answers some other JSON is then a clear error, not an empty result.
	 */
	JsonNode apiBody(Answer answer, String url, String token, String what) {
		JsonNode body = successBody(answer, url, token, what);
		if (!body.path("meta").path("serverTime").isNumber()) {
			throw new PryvClientException("Pryv platform answered HTTP " + answer.status() + " to " + what + " (" + url
					+ ") with JSON that is not a Pryv API answer (no 'meta.serverTime'; is the URL the user's API "
					+ "endpoint?): " + answer.excerpt(), null, answer.status(), what, answer.excerpt());
		}
		return body;
	}

	/**
	 * Send a request and return its JSON body, or fail with the API error it holds.
	 * @see #exchange
	 */
	Mono<JsonNode> call(HttpMethod method, String url, String token, Object body, Consumer<HttpHeaders> headers,
			String what) {
		return exchange(method, url, token, body, headers, what).map((answer) -> successBody(answer, url, token, what));
	}

	/** Headers every Pryv call sends: bare-token Authorization, Accept JSON, our User-Agent. */
	static void applyCommonHeaders(HttpHeaders headers, @Nullable String token) {
		headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
		headers.set(HttpHeaders.USER_AGENT, USER_AGENT);
		if (token != null) {
			headers.set(HttpHeaders.AUTHORIZATION, token);
		}
	}

	/**
	 * The body of a successful answer, or the exception its error stands for.
	 */
	JsonNode successBody(Answer answer, String url, String token, String what) {
		JsonNode body = answer.body();
		if (body != null && body.isObject() && body.get("error") != null && body.get("error").isObject()) {
			throw new PryvApiException(ApiError.from(body.get("error")).redacted(token), answer.status(), what);
		}
		if (answer.status() >= 400) {
			throw new PryvClientException("Pryv platform answered HTTP " + answer.status() + " to " + what + " (" + url
					+ ") without an API error body" + excerptText(answer), null, answer.status(), what, answer.excerpt());
		}
		if (body == null || !body.isObject()) {
			throw new PryvClientException("Pryv platform answered HTTP " + answer.status() + " to " + what + " (" + url
					+ ") with " + ((body == null) ? "an empty body" : "JSON that is not an object" + excerptText(answer)),
					null, answer.status(), what, answer.excerpt());
		}
		return body;
	}

	Mono<Answer> readAnswer(ClientResponse response, String url, String token, String what) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders();
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()))
			.map(PryvHttp::drain)
			.defaultIfEmpty(new byte[0])
			.map((bytes) -> new Answer(status, parse(bytes, status, url, token, what), headers,
					BodyExcerpt.of(bytes, token)));
	}

	private static String excerptText(Answer answer) {
		return (answer.excerpt() != null) ? ": " + answer.excerpt() : ": empty body";
	}

	private JsonNode parse(byte[] bytes, int status, String url, String token, String what) {
		if (bytes.length == 0) {
			return null;
		}
		try {
			return this.mapper.readTree(bytes);
		}
		catch (JacksonException ex) {
			String excerpt = BodyExcerpt.of(bytes, token);
			throw new PryvClientException("Pryv platform answered HTTP " + status + " to " + what + " (" + url
					+ ") with a body that is not valid JSON: " + excerpt, ex, status, what, excerpt);
		}
	}

	static byte[] drain(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/**
	 * A call that got no HTTP answer: the message and {@link PryvClientException#getTransportFailure()}
	 * say which failure it was, and there is no status.
	 */
	static PryvClientException transportError(Throwable ex, HttpMethod method, String url, String token, String what) {
		TransportFailure failure = TransportFailure.of(ex);
		return PryvClientException.transport("Pryv call " + what + " (" + method + " " + url + ") got no answer ("
				+ describe(failure) + "): " + redact(reason(ex), token), ex, failure, what);
	}

	/** @return a failure's message, else its type's name */
	static String reason(Throwable ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	static String describe(TransportFailure failure) {
		return switch (failure) {
			case CONNECT -> "could not connect";
			case RESET -> "connection closed or reset";
			case TIMEOUT -> "timed out";
			case OTHER -> "transport failure";
		};
	}

	/** Remove a token from a text that came from outside (an answer body, a transport message). */
	static String redact(String text, String token) {
		if (text == null || token == null || token.isEmpty()) {
			return text;
		}
		return text.replace(token, "***");
	}

	private static String version() {
		try (InputStream in = PryvHttp.class.getResourceAsStream("pryv-client.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			String version = properties.getProperty("version");
			return (version == null || version.startsWith("$")) ? "dev" : version;
		}
		catch (IOException ex) {
			return "dev";
		}
	}

}
