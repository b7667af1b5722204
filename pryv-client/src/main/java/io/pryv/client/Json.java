package io.pryv.client;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over Jackson's tree model, shared by the client classes. */
final class Json {

	/** The mapper used when none is given: Jackson 3 defaults. */
	static final JsonMapper DEFAULT_MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/** @return the text of {@code node.key}, or {@code null} when missing, null or not a scalar */
	static @Nullable String text(JsonNode node, String key) {
		if (node == null) {
			return null;
		}
		JsonNode value = node.get(key);
		return (value == null || value.isNull() || value.isContainer()) ? null : value.asString();
	}

	/** @return {@code node}, or {@code null} for a missing or JSON null node */
	static @Nullable JsonNode nonNull(@Nullable JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode()) ? null : node;
	}

	/** @return the number {@code node.key} as a double, or {@code null} when missing or not a number */
	static @Nullable Double number(JsonNode node, String key) {
		JsonNode value = (node != null) ? node.get(key) : null;
		return (value != null && value.isNumber()) ? value.doubleValue() : null;
	}

	/** @return the number {@code node.key} as a long, or {@code null} when missing or not a number */
	static @Nullable Long integer(JsonNode node, String key) {
		JsonNode value = (node != null) ? node.get(key) : null;
		return (value != null && value.isNumber()) ? value.longValue() : null;
	}

	/** @return whether {@code node.key} is JSON {@code true} */
	static boolean isTrue(JsonNode node, String key) {
		JsonNode value = (node != null) ? node.get(key) : null;
		return value != null && value.isBoolean() && value.booleanValue();
	}

	/** @return the texts of the array {@code node.key} (non-text items skipped), empty when missing */
	static List<String> texts(JsonNode node, String key) {
		JsonNode value = (node != null) ? node.get(key) : null;
		if (value == null || !value.isArray() || value.isEmpty()) {
			return List.of();
		}
		List<String> texts = new ArrayList<>(value.size());
		for (JsonNode item : value) {
			if (item.isString()) {
				texts.add(item.stringValue());
			}
		}
		return List.copyOf(texts);
	}

	/**
	 * @param node a JSON value that must be an object
	 * @param what what it is, for the error message
	 * @return the object
	 * @throws PryvClientException naming {@code what} when it is not an object
	 */
	static ObjectNode object(JsonNode node, String what) {
		if (node instanceof ObjectNode object) {
			return object;
		}
		throw new PryvClientException("Expected " + what + " to be a JSON object, got "
				+ ((node == null) ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
	}

}
