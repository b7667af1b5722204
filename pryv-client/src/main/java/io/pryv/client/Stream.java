package io.pryv.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Pryv stream (a folder of events), with its child streams: {@code streams.get}
 * answers a tree.
 *
 * @param id the stream id
 * @param name its name
 * @param parentId the id of its parent, or {@code null} for a root stream
 * @param clientData the app's free-form data, or {@code null}
 * @param children its child streams (empty when none)
 * @param trashed whether it is in the trash
 * @param created when it was created (seconds)
 * @param createdBy the id of the access that created it
 * @param modified when it was last modified (seconds)
 * @param modifiedBy the id of the access that last modified it
 * @param raw the stream object as the platform sent it (children included)
 */
public record Stream(@Nullable String id, @Nullable String name, @Nullable String parentId,
		@Nullable JsonNode clientData, List<Stream> children, boolean trashed, @Nullable Double created,
		@Nullable String createdBy, @Nullable Double modified, @Nullable String modifiedBy,
		@JsonValue ObjectNode raw) {

	/**
	 * Read a stream object and its children.
	 * @param json the stream object
	 * @return the stream
	 * @throws PryvClientException if it or a child is not an object
	 */
	@JsonCreator
	public static Stream from(JsonNode json) {
		ObjectNode raw = Json.object(json, "a stream");
		return new Stream(Json.text(raw, "id"), Json.text(raw, "name"), Json.text(raw, "parentId"),
				Json.nonNull(raw.get("clientData")), listFrom(raw.get("children")), Json.isTrue(raw, "trashed"),
				Json.number(raw, "created"), Json.text(raw, "createdBy"), Json.number(raw, "modified"),
				Json.text(raw, "modifiedBy"), raw);
	}

	/**
	 * Read a {@code streams} array.
	 * @param array the array (missing or null: empty list)
	 * @return the streams, each with its children
	 */
	public static List<Stream> listFrom(JsonNode array) {
		if (array == null || !array.isArray() || array.isEmpty()) {
			return List.of();
		}
		List<Stream> streams = new ArrayList<>(array.size());
		for (JsonNode item : array) {
			streams.add(from(item));
		}
		return List.copyOf(streams);
	}

	/**
	 * Find a stream in this stream's subtree.
	 * @param streamId the id to look for
	 * @return this stream or a descendant with that id, or {@code null}
	 */
	public Stream find(String streamId) {
		if (streamId == null) {
			return null;
		}
		if (streamId.equals(this.id)) {
			return this;
		}
		for (Stream child : this.children) {
			Stream found = child.find(streamId);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return "Stream[id=" + this.id + ", name=" + this.name + ", parentId=" + this.parentId + ", children="
				+ this.children.size() + "]";
	}

}
