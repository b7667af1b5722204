package io.pryv.client;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes query parameters the way the Pryv API reads them: arrays become
 * repeated keys ({@code streams=a&streams=b}), {@code null}s are dropped, and
 * objects (stream queries, content conditions) are sent as one JSON value.
 */
final class QueryString {

	private QueryString() {
	}

	/**
	 * @param query the parameters (may be {@code null})
	 * @param mapper the mapper writing object values
	 * @return the encoded query without {@code ?}, empty when there is none
	 */
	static String encode(@Nullable Map<String, ?> query, JsonMapper mapper) {
		if (query == null || query.isEmpty()) {
			return "";
		}
		StringJoiner joiner = new StringJoiner("&");
		query.forEach((key, value) -> add(joiner, key, value, mapper));
		return joiner.toString();
	}

	/** @return {@code url} with the query appended (with {@code ?} or {@code &}) */
	static String append(String url, Map<String, ?> query, JsonMapper mapper) {
		String encoded = encode(query, mapper);
		if (encoded.isEmpty()) {
			return url;
		}
		return url + (url.contains("?") ? "&" : "?") + encoded;
	}

	private static void add(StringJoiner joiner, String key, Object value, JsonMapper mapper) {
		if (value == null) {
			return;
		}
		if (value instanceof Iterable<?> items) {
			for (Object item : items) {
				addOne(joiner, key, item, mapper);
			}
		}
		else if (value instanceof Object[] items) {
			for (Object item : items) {
				addOne(joiner, key, item, mapper);
			}
		}
		else if (value instanceof JsonNode node && node.isArray() && !containsObjects(node)) {
			for (JsonNode item : node) {
				addOne(joiner, key, item, mapper);
			}
		}
		else {
			addOne(joiner, key, value, mapper);
		}
	}

	private static boolean containsObjects(JsonNode array) {
		for (JsonNode item : array) {
			if (item.isContainer()) {
				return true;
			}
		}
		return false;
	}

	private static void addOne(StringJoiner joiner, String key, Object value, JsonMapper mapper) {
		String text = scalarText(value);
		if (text == null) {
			if (value == null || (value instanceof JsonNode node && node.isNull())) {
				return;
			}
			text = mapper.writeValueAsString(value);
		}
		joiner.add(encodePart(key) + "=" + encodePart(text));
	}

	/** @return the text of a scalar value, or {@code null} for a value to send as JSON */
	private static String scalarText(Object value) {
		if (value instanceof CharSequence || value instanceof Boolean || value instanceof Enum<?>) {
			return value.toString();
		}
		if (value instanceof Double || value instanceof Float) {
			return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
		}
		if (value instanceof Number) {
			return value.toString();
		}
		if (value instanceof JsonNode node && node.isValueNode() && !node.isNull()) {
			return node.isNumber() ? scalarText(node.numberValue()) : node.asString();
		}
		return null;
	}

	private static String encodePart(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
