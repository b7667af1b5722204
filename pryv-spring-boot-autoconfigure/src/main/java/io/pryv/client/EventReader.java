package io.pryv.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads the typed fields of one event straight from parser tokens, without
 * building a tree of the whole event (its original bytes are kept aside by
 * {@link EventsStreamParser} for {@link Event#json()}). Only {@code content},
 * {@code clientData} and {@code attachments} become trees; unknown fields are
 * skipped here and stay in the original bytes.
 */
final class EventReader {

	private final JsonTreeBuilder tree = new JsonTreeBuilder();

	private String key;

	private String treeKey;

	private int skipDepth;

	private boolean inStreamIds;

	private List<String> streamIds;

	private String id;

	private String type;

	private String integrity;

	private String createdBy;

	private String modifiedBy;

	private Double time;

	private Double duration;

	private Double created;

	private Double modified;

	private Double deleted;

	private boolean trashed;

	private JsonNode content;

	private JsonNode clientData;

	private JsonNode attachments;

	/** Begin an event: its {@code START_OBJECT} was just read. */
	void start() {
		this.key = null;
		this.treeKey = null;
		this.skipDepth = 0;
		this.inStreamIds = false;
		this.streamIds = null;
		this.id = null;
		this.type = null;
		this.integrity = null;
		this.createdBy = null;
		this.modifiedBy = null;
		this.time = null;
		this.duration = null;
		this.created = null;
		this.modified = null;
		this.deleted = null;
		this.trashed = false;
		this.content = null;
		this.clientData = null;
		this.attachments = null;
	}

	/**
	 * Take the next token of the event.
	 * @return {@code true} when it was the event's closing {@code END_OBJECT}
	 */
	boolean accept(JsonToken token, JsonParser parser) {
		if (this.treeKey != null) {
			if (this.tree.accept(token, parser)) {
				treeValue(this.treeKey, this.tree.take());
				this.treeKey = null;
			}
			return false;
		}
		if (this.skipDepth > 0) {
			if (token.isStructStart()) {
				this.skipDepth++;
			}
			else if (token.isStructEnd()) {
				this.skipDepth--;
			}
			return false;
		}
		if (this.inStreamIds) {
			if (token == JsonToken.END_ARRAY) {
				this.inStreamIds = false;
			}
			else if (token == JsonToken.VALUE_STRING) {
				this.streamIds.add(parser.getString());
			}
			else if (token.isStructStart()) {
				this.skipDepth = 1;
			}
			return false;
		}
		if (token == JsonToken.PROPERTY_NAME) {
			this.key = parser.currentName();
			return false;
		}
		if (token == JsonToken.END_OBJECT) {
			return true;
		}
		switch (this.key) {
			case "content", "clientData", "attachments" -> {
				if (this.tree.accept(token, parser)) {
					treeValue(this.key, this.tree.take());
				}
				else {
					this.treeKey = this.key;
				}
			}
			case "streamIds" -> {
				if (token == JsonToken.START_ARRAY) {
					this.inStreamIds = true;
					this.streamIds = new ArrayList<>(2);
				}
				else if (token.isStructStart()) {
					this.skipDepth = 1;
				}
			}
			case "id" -> this.id = text(token, parser);
			case "type" -> this.type = text(token, parser);
			case "integrity" -> this.integrity = text(token, parser);
			case "createdBy" -> this.createdBy = text(token, parser);
			case "modifiedBy" -> this.modifiedBy = text(token, parser);
			case "time" -> this.time = number(token, parser);
			case "duration" -> this.duration = number(token, parser);
			case "created" -> this.created = number(token, parser);
			case "modified" -> this.modified = number(token, parser);
			case "deleted" -> this.deleted = number(token, parser);
			case "trashed" -> this.trashed = token == JsonToken.VALUE_TRUE;
			default -> {
				if (token.isStructStart()) {
					this.skipDepth = 1;
				}
			}
		}
		if (token.isStructStart() && this.treeKey == null && !this.inStreamIds && this.skipDepth == 0) {
			this.skipDepth = 1;
		}
		return false;
	}

	/** @return the event read, with its original JSON */
	Event build(RawJson json) {
		return new Event(this.id, (this.streamIds != null) ? Collections.unmodifiableList(this.streamIds) : List.of(), this.type,
				this.time, this.duration, this.content, this.clientData, Attachment.listFrom(this.attachments),
				this.integrity, this.created, this.createdBy, this.modified, this.modifiedBy, this.trashed, this.deleted,
				json);
	}

	private void treeValue(String name, JsonNode value) {
		JsonNode nonNull = Json.nonNull(value);
		switch (name) {
			case "content" -> this.content = nonNull;
			case "clientData" -> this.clientData = nonNull;
			default -> this.attachments = nonNull;
		}
	}

	private String text(JsonToken token, JsonParser parser) {
		if (token.isStructStart()) {
			this.skipDepth = 1;
			return null;
		}
		return (token == JsonToken.VALUE_STRING || token.isNumeric() || token.isBoolean()) ? parser.getString() : null;
	}

	private Double number(JsonToken token, JsonParser parser) {
		if (token.isStructStart()) {
			this.skipDepth = 1;
			return null;
		}
		return token.isNumeric() ? parser.getDoubleValue() : null;
	}

}
