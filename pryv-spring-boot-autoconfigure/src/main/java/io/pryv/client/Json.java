package io.pryv.client;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small helpers over Jackson's tree model, shared by the client classes. */
final class Json {

	/** The mapper used when none is given: Jackson 3 defaults. */
	static final JsonMapper DEFAULT_MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/** @return the text of {@code node.key}, or {@code null} when missing, null or not a scalar */
	static String text(JsonNode node, String key) {
		if (node == null) {
			return null;
		}
		JsonNode value = node.get(key);
		return (value == null || value.isNull() || value.isContainer()) ? null : value.asString();
	}

	/** @return {@code node}, or {@code null} for a missing or JSON null node */
	static JsonNode nonNull(JsonNode node) {
		return (node == null || node.isNull() || node.isMissingNode()) ? null : node;
	}

}
