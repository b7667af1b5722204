package io.pryv.spring.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

/**
 * What the WebFlux sign-in filters share: the request's parameters (query and
 * form), whether it comes from a script, the answers ({@link PryvLoginAnswers},
 * {@link PryvLoginPages}) and where the platform of a sign-in is kept (the
 * {@code WebSession}, {@link PryvPlatforms#SESSION_ATTRIBUTE}).
 */
final class ServerPryvLoginExchanges {

	private ServerPryvLoginExchanges() {
	}

	/** @return the query parameters and, for a form post, the form's (read once by the exchange) */
	static Mono<MultiValueMap<String, String>> parameters(ServerWebExchange exchange) {
		return exchange.getFormData().map((form) -> {
			MultiValueMap<String, String> all = new LinkedMultiValueMap<>(exchange.getRequest().getQueryParams());
			form.forEach((name, values) -> all.addAll(name, values));
			return all;
		});
	}

	/** @return whether the request asks for JSON ({@code Accept: application/json}, not {@code *}{@code /*}) */
	static boolean wantsJson(ServerWebExchange exchange) {
		return exchange.getRequest()
			.getHeaders()
			.getAccept()
			.stream()
			.anyMatch((type) -> !type.equals(MediaType.ALL) && type.isCompatibleWith(MediaType.APPLICATION_JSON));
	}

	/** @return a matcher of requests that ask for JSON or are made by a script ({@code X-Requested-With}) */
	static ServerWebExchangeMatcher scripts() {
		return (exchange) -> (wantsJson(exchange) || "XMLHttpRequest"
			.equalsIgnoreCase(exchange.getRequest().getHeaders().getFirst("X-Requested-With")))
					? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
	}

	/** Every answer of the sign-in endpoints: no referrer to the platform, nothing cached. */
	static void noReferrerNoStore(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set("Referrer-Policy", "no-referrer");
		headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
	}

	static Mono<Void> json(ServerWebExchange exchange, HttpStatus status, Map<String, ? extends @Nullable Object> body) {
		return write(exchange, status, MediaType.APPLICATION_JSON, PryvLoginAnswers.json(body));
	}

	static Mono<Void> html(ServerWebExchange exchange, String html) {
		return write(exchange, HttpStatus.OK, MediaType.parseMediaType(PryvLoginPages.CONTENT_TYPE),
				html.getBytes(StandardCharsets.UTF_8));
	}

	private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, MediaType type, byte[] bytes) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(type);
		response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getHeaders().setContentLength(bytes.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
	}

	/** Keep the platform of the sign-in starting in this session. */
	static Mono<Void> remember(PryvPlatforms platforms, PryvPlatforms.Platform platform, ServerWebExchange exchange) {
		String value = platforms.sessionValue(platform);
		return exchange.getSession().doOnNext((session) -> {
			if (value != null) {
				session.getAttributes().put(PryvPlatforms.SESSION_ATTRIBUTE, value);
			}
			else {
				forget(session);
			}
		}).then();
	}

	/** @return the platform of this session's sign-in (the configured one when none was chosen) */
	static Mono<PryvPlatforms.Platform> current(PryvPlatforms platforms, ServerWebExchange exchange) {
		return exchange.getSession()
			.map((session) -> platforms.fromSession(session.getAttribute(PryvPlatforms.SESSION_ATTRIBUTE)));
	}

	/** Forget the platform of this session's sign-in. */
	static Mono<Void> forget(ServerWebExchange exchange) {
		return exchange.getSession().doOnNext(ServerPryvLoginExchanges::forget).then();
	}

	private static void forget(WebSession session) {
		if (session.getAttribute(PryvPlatforms.SESSION_ATTRIBUTE) != null) {
			session.getAttributes().remove(PryvPlatforms.SESSION_ATTRIBUTE);
		}
	}

}
