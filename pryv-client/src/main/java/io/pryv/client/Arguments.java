package io.pryv.client;

import java.util.Collection;
import java.util.Map;

/**
 * The checks public methods make on their arguments before any call: a bad
 * argument is a {@link PryvClientException} naming the method, the argument
 * and the fix ({@link PryvClientException#invalidArgument}), never a
 * {@code NullPointerException} or a request the platform would refuse.
 */
final class Arguments {

	private Arguments() {
	}

	/**
	 * @param method the public method, e.g. {@code mfaVerify}
	 * @param name the argument's name
	 * @param value the argument
	 * @param fix what to pass instead, e.g. {@code the code the user received}
	 * @return the value, neither {@code null} nor blank
	 */
	static String text(String method, String name, String value, String fix) {
		if (value == null || value.isBlank()) {
			throw PryvClientException.invalidArgument(method, name,
					((value == null) ? "is null" : "is blank") + ": pass " + fix);
		}
		return value;
	}

	/**
	 * @return the value, not {@code null}
	 * @see #text
	 */
	static <T> T present(String method, String name, T value, String fix) {
		if (value == null) {
			throw PryvClientException.invalidArgument(method, name, "is null: pass " + fix);
		}
		return value;
	}

	/**
	 * @return the collection, neither {@code null} nor holding a {@code null}
	 * @see #text
	 */
	static <C extends Collection<?>> C elements(String method, String name, C value, String fix) {
		present(method, name, value, fix);
		int i = 0;
		for (Object element : value) {
			if (element == null) {
				throw PryvClientException.invalidArgument(method, name, "has a null at index " + i + ": pass " + fix);
			}
			i++;
		}
		return value;
	}

	/**
	 * A text field of a map or JSON object argument (e.g. {@code username} of
	 * {@code createUser}'s fields), named {@code argument.field} in the error.
	 * @return the field's text
	 */
	static String field(String method, String argument, Map<String, ?> fields, String field, String fix) {
		Object value = fields.get(field);
		if (value == null || value.toString().isBlank()) {
			throw PryvClientException.invalidArgument(method, argument + "." + field,
					((value == null) ? "is missing" : "is blank") + ": pass " + fix);
		}
		return value.toString();
	}

}
