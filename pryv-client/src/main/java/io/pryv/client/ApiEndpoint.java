package io.pryv.client;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A Pryv API endpoint: the base URL of a user's API and, optionally, an access
 * token. Its string form is {@code https://{token}@{host}/[{username}/]}.
 * <p>
 * Parsing follows lib-js: the token runs from after {@code ://} to the
 * <em>last</em> {@code @}; no {@code @} means no token; the base URL always ends
 * with {@code /}. Unlike lib-js, a string without {@code ://} is rejected with a
 * clear error instead of giving a broken URL.
 * <p>
 * The token is sent as an {@code Authorization} header, never as URL user-info:
 * {@link #baseUrl()} has no token, and {@link #toString()} masks it. Use
 * {@link #toUrlString()} only where the full form must be handed over (it holds
 * a secret).
 */
public final class ApiEndpoint implements Serializable {

	private static final long serialVersionUID = 1L;

	private static final String MASK = "***";

	private final String baseUrl;

	private final @Nullable String token;

	private ApiEndpoint(String baseUrl, String token) {
		this.baseUrl = baseUrl;
		this.token = token;
	}

	/**
	 * Parse an endpoint string such as {@code https://token@user.pryv.me/} or
	 * {@code https://token@host/user/}.
	 * @param endpoint the endpoint string
	 * @return the endpoint
	 * @throws PryvClientException if the string is not an http(s) URL
	 */
	public static ApiEndpoint parse(String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			throw new PryvClientException("Invalid Pryv API endpoint: it is empty; expected https://{token}@{host}/");
		}
		String text = endpoint.strip();
		int schemeEnd = text.indexOf("://");
		if (schemeEnd <= 0) {
			throw new PryvClientException("Invalid Pryv API endpoint '" + masked(text)
					+ "': no '://' found; expected https://{token}@{host}/");
		}
		String scheme = text.substring(0, schemeEnd);
		String rest = text.substring(schemeEnd + 3);
		String token = null;
		int at = rest.lastIndexOf('@');
		if (at >= 0) {
			token = rest.substring(0, at);
			rest = rest.substring(at + 1);
			if (token.isEmpty()) {
				throw new PryvClientException("Invalid Pryv API endpoint '" + masked(text)
						+ "': the token before '@' is empty; expected https://{token}@{host}/");
			}
			checkToken(token, scheme + "://" + rest);
			if (token.indexOf(':') >= 0) {
				throw new PryvClientException("Invalid Pryv API endpoint '" + masked(text)
						+ "': it holds a user name and password (user:password@), not a Pryv token");
			}
		}
		return of(scheme + "://" + rest, token);
	}

	/**
	 * A token goes into the {@code Authorization} header as it is: whitespace or a
	 * control character in it could split or forge headers, and no Pryv token has one.
	 */
	private static void checkToken(String token, String url) {
		for (int i = 0; i < token.length(); i++) {
			char c = token.charAt(i);
			if (c <= ' ' || c == 0x7F || Character.isWhitespace(c) || Character.isISOControl(c)) {
				throw new PryvClientException("Invalid Pryv API endpoint '" + masked(url)
						+ "': its token holds a space or a control character (at position " + i + ")");
			}
		}
	}

	/**
	 * Build an endpoint from a base URL and a token.
	 * @param baseUrl the API base URL, e.g. {@code https://user.pryv.me/} (a
	 * missing trailing {@code /} is added; a token in it is rejected)
	 * @param token the access token, or {@code null} for an endpoint without one
	 * @return the endpoint
	 * @throws PryvClientException if the base URL is not an absolute http(s) URL
	 */
	public static ApiEndpoint of(String baseUrl, @Nullable String token) {
		if (baseUrl == null || baseUrl.isBlank()) {
			throw new PryvClientException("Invalid Pryv API base URL: it is empty; expected https://{host}/");
		}
		String url = baseUrl.strip();
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new PryvClientException("Invalid Pryv API base URL '" + masked(url) + "': " + ex.getReason());
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new PryvClientException("Invalid Pryv API base URL '" + masked(url) + "': expected an http or https URL");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new PryvClientException("Invalid Pryv API base URL '" + masked(url) + "': it has no host");
		}
		if (uri.getRawUserInfo() != null) {
			throw new PryvClientException("Invalid Pryv API base URL '" + masked(url)
					+ "': it holds user-info; use ApiEndpoint.parse for an endpoint string with a token");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new PryvClientException("Invalid Pryv API base URL '" + masked(url) + "': it must not have a query or fragment");
		}
		if (!url.endsWith("/")) {
			url = url + "/";
		}
		String cleanToken = (token == null || token.isEmpty()) ? null : token;
		if (cleanToken != null) {
			checkToken(cleanToken, url);
		}
		return new ApiEndpoint(url, cleanToken);
	}

	/**
	 * Mask whatever sits between {@code ://} and the last {@code @} of a URL-like
	 * text, and show control characters as {@code \\uXXXX} (a CR or LF from outside
	 * must not start a forged log line).
	 */
	static String masked(String text) {
		return printable(maskedToken(text));
	}

	private static String printable(String text) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < ' ' || c == 0x7F) {
				if (out == null) {
					out = new StringBuilder(text.substring(0, i));
				}
				out.append(String.format("\\u%04x", (int) c));
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return (out != null) ? out.toString() : text;
	}

	private static String maskedToken(String text) {
		int schemeEnd = text.indexOf("://");
		int at = text.lastIndexOf('@');
		if (schemeEnd >= 0 && at > schemeEnd) {
			return text.substring(0, schemeEnd + 3) + MASK + text.substring(at);
		}
		if (schemeEnd < 0 && at >= 0) {
			return MASK + text.substring(at);
		}
		return text;
	}

	/** @return the base URL, ending with {@code /}, without the token */
	public String baseUrl() {
		return this.baseUrl;
	}

	/** @return the access token, or {@code null} */
	public @Nullable String token() {
		return this.token;
	}

	/** @return whether this endpoint carries a token */
	public boolean hasToken() {
		return this.token != null;
	}

	/**
	 * The full endpoint string, token included, as the platform gives it:
	 * {@code https://{token}@{host}/...}. It holds a secret: do not log it.
	 * @return the endpoint string
	 */
	public String toUrlString() {
		if (this.token == null) {
			return this.baseUrl;
		}
		int schemeEnd = this.baseUrl.indexOf("://") + 3;
		return this.baseUrl.substring(0, schemeEnd) + this.token + "@" + this.baseUrl.substring(schemeEnd);
	}

	/**
	 * Resolve a path (no leading {@code /} needed) against the base URL.
	 * @param path a path relative to the base URL, e.g. {@code events}
	 * @return the absolute URL, without the token
	 */
	public String resolve(String path) {
		if (path == null || path.isEmpty()) {
			return this.baseUrl;
		}
		return this.baseUrl + (path.startsWith("/") ? path.substring(1) : path);
	}

	/** @return the same base URL with another token */
	public ApiEndpoint withToken(String newToken) {
		return of(this.baseUrl, newToken);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ApiEndpoint that && this.baseUrl.equals(that.baseUrl)
				&& Objects.equals(this.token, that.token);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.baseUrl, this.token);
	}

	/** @return the endpoint with its token masked, e.g. {@code ApiEndpoint[https://***@host/user/]} */
	@Override
	public String toString() {
		return "ApiEndpoint[" + ((this.token != null) ? masked(toUrlString()) : this.baseUrl) + "]";
	}

}
