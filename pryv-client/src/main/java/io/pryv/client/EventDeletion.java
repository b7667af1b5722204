package io.pryv.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The trace of a deleted event, as {@code events.get} returns them in
 * {@code eventDeletions} when asked ({@code includeDeletions} with
 * {@code modifiedSince}).
 *
 * @param id the id of the deleted event
 * @param deleted when it was deleted (seconds since the epoch)
 * @param integrity the integrity hash, or {@code null}
 * @param raw the deletion object as the platform sent it
 */
public record EventDeletion(@Nullable String id, @Nullable Double deleted, @Nullable String integrity, @JsonValue ObjectNode raw) {

	/**
	 * Read an event deletion object (kept as {@link #raw()}, not copied).
	 * @param json the deletion object
	 * @return the deletion
	 * @throws PryvClientException if it is not an object
	 */
	@JsonCreator
	public static EventDeletion from(JsonNode json) {
		ObjectNode raw = Json.object(json, "an event deletion");
		return new EventDeletion(Json.text(raw, "id"), Json.number(raw, "deleted"), Json.text(raw, "integrity"), raw);
	}

	/** @return the full original deletion as compact JSON text */
	public String toJson() {
		return this.raw.toString();
	}

}
