package io.pryv.client;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The start of an answer body that is not a Pryv answer (an HTML error page, a
 * proxy's JSON, text), for exceptions: bounded, on one line, with the call's
 * token and anything that looks like a secret masked.
 */
final class BodyExcerpt {

	/** The most characters an excerpt keeps. */
	static final int MAX_LENGTH = 300;

	private static final String MASK = "***";

	/** JSON string values of keys that hold secrets: {@code "token": "..."} and the like. */
	private static final Pattern SECRET_VALUE = Pattern.compile(
			"(\"(?:token|mfaToken|readToken|resetToken|password|newPassword|apiEndpoint|authorization)\"\\s*:\\s*\")"
					+ "(?:[^\"\\\\]|\\\\.)*(\"|$)",
			Pattern.CASE_INSENSITIVE);

	/** The user-info of a URL, where Pryv API endpoints carry their token: {@code https://TOKEN@host/}. */
	private static final Pattern URL_USER_INFO = Pattern.compile("(://)[^/@\\s\"'<>]+@");

	private BodyExcerpt() {
	}

	/**
	 * @param bytes the body (only its start is read)
	 * @param token the call's token, masked wherever it appears, or {@code null}
	 * @return the excerpt, or {@code null} for an empty body
	 */
	static @Nullable String of(byte[] bytes, @Nullable String token) {
		if (bytes == null || bytes.length == 0) {
			return null;
		}
		// decode past the limit so that a token crossing it is masked whole
		int window = Math.min(bytes.length, 4 * (MAX_LENGTH + ((token != null) ? token.length() : 0)) + 64);
		return of(new String(bytes, 0, window, StandardCharsets.UTF_8), token, bytes.length > window);
	}

	/**
	 * @param text the body as text
	 * @param token the call's token, or {@code null}
	 * @return the excerpt, or {@code null} for an empty text
	 */
	static @Nullable String of(String text, @Nullable String token) {
		return (text == null) ? null : of(text, token, false);
	}

	private static String of(String text, String token, boolean more) {
		String clean = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
		if (token != null && !token.isEmpty()) {
			clean = clean.replace(token, MASK);
		}
		clean = SECRET_VALUE.matcher(clean).replaceAll("$1" + MASK + "$2");
		clean = URL_USER_INFO.matcher(clean).replaceAll("$1" + MASK + "@");
		if (clean.isEmpty()) {
			return null;
		}
		if (clean.length() > MAX_LENGTH) {
			return clean.substring(0, MAX_LENGTH) + "...";
		}
		return more ? clean + "..." : clean;
	}

}
