package io.pryv.client;

import org.jspecify.annotations.Nullable;

/**
 * Checks a value that the client puts in an HTTP header ({@code Origin}): a
 * CR, LF or other control character could split the header and forge others,
 * so it is refused with a clear error before any request.
 */
final class HeaderValue {

	private HeaderValue() {
	}

	/**
	 * @param value the value, or {@code null}
	 * @param what what it is, for the message (e.g. {@code the Origin header})
	 * @return the value
	 * @throws PryvClientException if it holds a control character
	 */
	static @Nullable String check(@Nullable String value, String what) {
		if (value == null) {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < ' ' || c == 0x7F) {
				throw new PryvClientException("Invalid " + what + ": it holds a control character (code " + (int) c
						+ " at position " + i + "), which could forge HTTP headers");
			}
		}
		return value;
	}

}
