package io.pryv.client;

import java.util.Arrays;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds one JSON value from parser tokens handed over one at a time, so that
 * a value can be assembled across input chunks of a non-blocking parser
 * (whose {@code readTree} cannot wait for more input).
 */
final class JsonTreeBuilder {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private ContainerNode<?>[] containers = new ContainerNode<?>[8];

	private String[] names = new String[8];

	private int depth;

	private JsonNode result;

	/**
	 * Take the parser's current token.
	 * @return {@code true} when this token completed a value (then read it with {@link #take()})
	 */
	boolean accept(JsonToken token, JsonParser parser) {
		switch (token) {
			case START_OBJECT:
				push(NODES.objectNode());
				return false;
			case START_ARRAY:
				push(NODES.arrayNode());
				return false;
			case END_OBJECT:
			case END_ARRAY:
				this.depth--;
				JsonNode closed = this.containers[this.depth];
				this.containers[this.depth] = null;
				return add(closed);
			case PROPERTY_NAME:
				this.names[this.depth - 1] = parser.currentName();
				return false;
			case VALUE_STRING:
				return add(NODES.stringNode(parser.getString()));
			case VALUE_NUMBER_INT:
				return add(switch (parser.getNumberType()) {
					case INT -> NODES.numberNode(parser.getIntValue());
					case LONG -> NODES.numberNode(parser.getLongValue());
					default -> NODES.numberNode(parser.getBigIntegerValue());
				});
			case VALUE_NUMBER_FLOAT:
				return add(NODES.numberNode(parser.getDoubleValue()));
			case VALUE_TRUE:
				return add(NODES.booleanNode(true));
			case VALUE_FALSE:
				return add(NODES.booleanNode(false));
			case VALUE_NULL:
				return add(NODES.nullNode());
			default:
				throw new PryvClientException("Unexpected JSON token " + token);
		}
	}

	/** @return the completed value, and forget it */
	JsonNode take() {
		JsonNode value = this.result;
		this.result = null;
		return value;
	}

	private void push(ContainerNode<?> container) {
		if (this.depth == this.containers.length) {
			this.containers = Arrays.copyOf(this.containers, this.depth * 2);
			this.names = Arrays.copyOf(this.names, this.depth * 2);
		}
		this.containers[this.depth++] = container;
	}

	private boolean add(JsonNode value) {
		if (this.depth == 0) {
			this.result = value;
			return true;
		}
		ContainerNode<?> parent = this.containers[this.depth - 1];
		if (parent instanceof ObjectNode object) {
			object.set(this.names[this.depth - 1], value);
		}
		else {
			((ArrayNode) parent).add(value);
		}
		return false;
	}

}
