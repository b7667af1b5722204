package io.pryv.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Pryv event, typed for the fields apps read most, with the whole object
 * kept in {@link #raw()}.
 * <p>
 * <b>Raw JSON:</b> {@link #raw()} is the full original event object, fields
 * this record does not know included (nothing is dropped); {@link #toJson()}
 * is its compact JSON text (what an NDJSON pass-through writes). Jackson
 * writes an {@code Event} as {@link #raw()} and reads one with {@link #from},
 * so it round-trips without loss. Treat {@code raw()} as read-only: it is the
 * parsed object itself, not a copy (streams of millions of events must not pay
 * for copies).
 *
 * @param id the event id
 * @param streamIds the ids of the streams it belongs to (empty when missing)
 * @param type the event type, e.g. {@code frequency/bpm} or {@code series:frequency/bpm}
 * @param time its time, in seconds since the epoch
 * @param duration its duration in seconds ({@code null}: none; JSON null: still running)
 * @param content its content (any JSON value), or {@code null}
 * @param clientData the app's free-form data, or {@code null}
 * @param attachments its files (empty when none)
 * @param integrity the integrity hash, or {@code null}
 * @param created when it was created (seconds)
 * @param createdBy the id of the access that created it
 * @param modified when it was last modified (seconds)
 * @param modifiedBy the id of the access that last modified it
 * @param trashed whether it is in the trash
 * @param deleted when it was deleted (seconds), only on deletions, else {@code null}
 * @param raw the event object as the platform sent it
 */
public record Event(String id, List<String> streamIds, String type, Double time, Double duration, JsonNode content,
		JsonNode clientData, List<Attachment> attachments, String integrity, Double created, String createdBy,
		Double modified, String modifiedBy, boolean trashed, Double deleted, @JsonValue ObjectNode raw) {

	/**
	 * Read an event object; the object is kept as {@link #raw()}, not copied.
	 * @param json the event object
	 * @return the event
	 * @throws PryvClientException if it is not an object
	 */
	@JsonCreator
	public static Event from(JsonNode json) {
		ObjectNode raw = Json.object(json, "an event");
		return new Event(Json.text(raw, "id"), Json.texts(raw, "streamIds"), Json.text(raw, "type"),
				Json.number(raw, "time"), Json.number(raw, "duration"), Json.nonNull(raw.get("content")),
				Json.nonNull(raw.get("clientData")), Attachment.listFrom(raw.get("attachments")),
				Json.text(raw, "integrity"), Json.number(raw, "created"), Json.text(raw, "createdBy"),
				Json.number(raw, "modified"), Json.text(raw, "modifiedBy"), Json.isTrue(raw, "trashed"),
				Json.number(raw, "deleted"), raw);
	}

	/**
	 * @param attachmentId an attachment id
	 * @return the attachment of this event with that id, or {@code null}
	 */
	public Attachment attachment(String attachmentId) {
		for (Attachment attachment : this.attachments) {
			if (attachment.id() != null && attachment.id().equals(attachmentId)) {
				return attachment;
			}
		}
		return null;
	}

	/** @return the full original event as compact JSON text (one line) */
	public String toJson() {
		return this.raw.toString();
	}

	@Override
	public String toString() {
		return "Event[id=" + this.id + ", type=" + this.type + ", streamIds=" + this.streamIds + ", time=" + this.time
				+ "]";
	}

}
