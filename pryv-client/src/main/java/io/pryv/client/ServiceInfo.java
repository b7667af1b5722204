package io.pryv.client;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Pryv platform's service information ({@code GET <serviceInfoUrl>}), validated
 * and normalised: {@code register}, {@code access} and {@code api} end with
 * {@code /}. Every field the platform sent stays available in {@link #raw()}.
 *
 * @param name the platform's name (required)
 * @param register the register URL, e.g. {@code https://reg.pryv.me/}
 * @param access the URL to post auth requests to, e.g. {@code https://access.pryv.me/access/}
 * @param api the API URL template with {@code {username}}, e.g. {@code https://{username}.pryv.me/}
 * @param home the platform's home page
 * @param support the support page
 * @param terms the terms page
 * @param eventTypes the URL of the event types definitions
 * @param version the platform's version, if it says
 * @param serial the service info serial
 * @param assetsDefinitions the URL of the visual assets definitions, if any
 * @param features what the platform supports
 * @param raw the whole merged service info object
 */
public record ServiceInfo(String name, @Nullable String register, @Nullable String access, @Nullable String api,
		@Nullable String home, @Nullable String support, @Nullable String terms, @Nullable String eventTypes,
		@Nullable String version, @Nullable String serial, @Nullable String assetsDefinitions,
		ServiceFeatures features, ObjectNode raw) {

	/** The placeholder of the username in {@link #api()}. */
	public static final String USERNAME_PLACEHOLDER = "{username}";

	/**
	 * Validate and normalise a service info object.
	 * @param json the merged service info (fetched fields and overrides)
	 * @param source where it came from, for error messages (a URL, or "overrides")
	 * @return the service info
	 * @throws PryvClientException if it is not an object or has no {@code name}
	 */
	public static ServiceInfo from(JsonNode json, String source) {
		if (json == null || !json.isObject()) {
			throw new PryvClientException("Invalid Pryv service info from " + source + ": expected a JSON object");
		}
		ObjectNode raw = ((ObjectNode) json).deepCopy();
		String name = Json.text(raw, "name");
		if (name == null || name.isBlank()) {
			throw new PryvClientException("Invalid Pryv service info from " + source
					+ ": it has no 'name' (is this URL a Pryv service info, e.g. https://reg.pryv.me/service/info?)");
		}
		for (String key : new String[] { "register", "access", "api" }) {
			JsonNode node = raw.get(key);
			if (node == null || node.isNull()) {
				continue;
			}
			if (!node.isString()) {
				throw new PryvClientException("Invalid Pryv service info from " + source + ": '" + key
						+ "' must be a URL string, not " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
			}
			String value = node.asString();
			checkHttpUrl(value, key, source);
			if (!value.endsWith("/")) {
				raw.put(key, value + "/");
			}
		}
		String api = Json.text(raw, "api");
		if (api != null && !api.contains(USERNAME_PLACEHOLDER)) {
			throw new PryvClientException("Invalid Pryv service info from " + source + ": 'api' (" + api
					+ ") has no " + USERNAME_PLACEHOLDER + " placeholder, so every user would get the same endpoint");
		}
		JsonNode features = raw.path("features");
		ServiceFeatures serviceFeatures = new ServiceFeatures(!features.path("noHF").asBoolean(false),
				features.path("contentQueries").asBoolean(false));
		return new ServiceInfo(name, Json.text(raw, "register"), Json.text(raw, "access"), Json.text(raw, "api"),
				Json.text(raw, "home"), Json.text(raw, "support"), Json.text(raw, "terms"),
				Json.text(raw, "eventTypes"), Json.text(raw, "version"), Json.text(raw, "serial"),
				Json.text(raw.path("assets"), "definitions"), serviceFeatures, raw);
	}

	private static void checkHttpUrl(String value, String key, String source) {
		String url = value.replace(USERNAME_PLACEHOLDER, "username");
		java.net.URI uri;
		try {
			uri = new java.net.URI(url);
		}
		catch (java.net.URISyntaxException ex) {
			throw new PryvClientException("Invalid Pryv service info from " + source + ": '" + key + "' ("
					+ ApiEndpoint.masked(value) + ") is not a URL: " + ex.getReason());
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
				|| uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw new PryvClientException("Invalid Pryv service info from " + source + ": '" + key + "' ("
					+ ApiEndpoint.masked(value) + ") must be an http or https URL with a host and no user-info");
		}
	}

	/**
	 * Whether a username can be put in a URL as it is: letters, digits and
	 * {@code -} only (Pryv's own rule is stricter), so that it can never reach
	 * another path or host.
	 */
	private static void checkUsername(String username) {
		for (int i = 0; i < username.length(); i++) {
			char c = username.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
				throw new PryvClientException("Invalid Pryv username '" + printable(username)
						+ "': only letters, digits and '-' are allowed (found '" + printable(String.valueOf(c))
						+ "' at position " + i + ")");
			}
		}
	}

	private static String printable(String text) {
		StringBuilder out = new StringBuilder();
		text.codePoints().limit(80).forEach((c) -> {
			if (c < 0x20 || c == 0x7F) {
				out.append(String.format("\\u%04x", c));
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.toString();
	}

	/**
	 * The API endpoint of a user: {@link #api()} with {@code {username}} replaced.
	 * @param username the username
	 * @param token the access token, or {@code null}
	 * @return the endpoint
	 */
	public ApiEndpoint apiEndpointFor(String username, @Nullable String token) {
		if (username == null || username.isBlank()) {
			throw new PryvClientException("A username is needed to build an API endpoint of " + this.name);
		}
		checkUsername(username);
		return ApiEndpoint.of(Objects.requireNonNull(require("api", this.api)).replace(USERNAME_PLACEHOLDER, username),
				token);
	}

	/**
	 * A URL field that a call needs.
	 * @throws PryvClientException naming the missing field
	 */
	String require(String key, String value) {
		if (value == null || value.isBlank()) {
			throw new PryvClientException("The service info of '" + this.name + "' has no '" + key + "' URL");
		}
		return value;
	}

}
