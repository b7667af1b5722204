package io.pryv.client.observation;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.micrometer.common.KeyValue;

import org.springframework.web.reactive.function.client.ClientHttpObservationDocumentation.HighCardinalityKeyNames;
import org.springframework.web.reactive.function.client.ClientHttpObservationDocumentation.LowCardinalityKeyNames;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;

/**
 * The {@code http.client.requests} convention of Pryv's {@code WebClient}.
 * Spring's default one tags the host as {@code client.name} and the full URL
 * as {@code http.url}: with per-user hosts ({@code alice.pryv.me}) that makes
 * one series per user, and query parameters such as {@code readToken} or
 * {@code auth} would carry secrets. This one:
 * <ul>
 * <li>{@code client.name} is always {@value #CLIENT_NAME};</li>
 * <li>{@code uri} is a bounded template of the Pryv API path, e.g.
 * {@code /events/{id}/series}: the username (host or first path segment in
 * DNS-less platforms) and ids are left out;</li>
 * <li>{@code http.url} has no user-info and no query.</li>
 * </ul>
 */
public class PryvClientRequestObservationConvention extends DefaultClientRequestObservationConvention {

	/** The constant {@code client.name} of Pryv calls. */
	public static final String CLIENT_NAME = "pryv";

	/** The path segments of the Pryv API that are kept in URI templates; the others are ids. */
	private static final Set<String> RESOURCES = Set.of("events", "streams", "accesses", "access-info", "account",
			"auth", "login", "logout", "mfa", "challenge", "verify", "followed-slices", "profile", "public", "private",
			"app", "webhooks", "series", "service", "info", "access", "users", "hostings", "server", "audit", "logs",
			"request-password-reset", "reset-password", "change-password", "socket.io");

	/** A convention for observations named {@code http.client.requests}. */
	public PryvClientRequestObservationConvention() {
		super();
	}

	/**
	 * @param name the observation name, e.g. Spring Boot's
	 * {@code management.observations.http.client.requests.name}
	 */
	public PryvClientRequestObservationConvention(String name) {
		super(name);
	}

	@Override
	protected KeyValue clientName(ClientRequestObservationContext context) {
		return KeyValue.of(LowCardinalityKeyNames.CLIENT_NAME, CLIENT_NAME);
	}

	@Override
	protected KeyValue uri(ClientRequestObservationContext context) {
		ClientRequest request = context.getRequest();
		if (request == null) {
			return KeyValue.of(LowCardinalityKeyNames.URI, "none");
		}
		return KeyValue.of(LowCardinalityKeyNames.URI, template(request.url().getRawPath()));
	}

	@Override
	protected KeyValue httpUrl(ClientRequestObservationContext context) {
		ClientRequest request = context.getRequest();
		if (request == null) {
			return KeyValue.of(HighCardinalityKeyNames.HTTP_URL, "none");
		}
		URI url = request.url();
		String port = (url.getPort() >= 0) ? ":" + url.getPort() : "";
		String path = (url.getRawPath() != null) ? url.getRawPath() : "";
		return KeyValue.of(HighCardinalityKeyNames.HTTP_URL, url.getScheme() + "://" + url.getHost() + port + path);
	}

	/**
	 * A bounded template of a Pryv API path: segments before the first known
	 * resource are dropped (the username of DNS-less platforms, {@code reg}),
	 * unknown segments after it become {@code {id}}.
	 * @param rawPath the request's path
	 * @return the template, e.g. {@code /events/{id}}, or {@code /} for a batch call
	 */
	static String template(String rawPath) {
		if (rawPath == null || rawPath.isEmpty() || "/".equals(rawPath)) {
			return "/";
		}
		List<String> segments = List.of(rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/"));
		int first = -1;
		for (int i = 0; i < segments.size(); i++) {
			if (RESOURCES.contains(segments.get(i))) {
				first = i;
				break;
			}
		}
		if (first < 0) {
			// A path such as /{username}/ (a batch call on a DNS-less platform)
			return "/";
		}
		StringBuilder template = new StringBuilder();
		for (int i = first; i < segments.size(); i++) {
			String segment = segments.get(i);
			if (segment.isEmpty()) {
				continue;
			}
			template.append('/').append(RESOURCES.contains(segment) ? segment : "{id}");
		}
		return template.toString();
	}

}
