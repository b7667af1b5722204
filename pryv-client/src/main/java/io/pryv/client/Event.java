package io.pryv.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Pryv event, typed for the fields apps read most, with the whole original
 * object kept in {@link #json()}.
 * <p>
 * <b>Raw JSON:</b> {@link #toJson()} is the full original event as JSON text,
 * exactly as the platform sent it, fields this record does not know included
 * (streamed events keep their original bytes, so this costs no tree and no
 * re-serialization); {@link #writeJson(OutputStream)} writes those bytes
 * without even a {@code String}, the pass-through of an NDJSON download, and
 * {@link #writeJsonWithoutReadTokens(OutputStream)} the same less the
 * attachments' read tokens. {@link #raw()} is the
 * same object as a Jackson tree, parsed on first use. Jackson writes an
 * {@code Event} as {@link #raw()} and reads one with {@link #from}, so it
 * round-trips without loss. Treat {@code raw()} as read-only: it is shared, not
 * a copy.
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
 * @param json the event object as the platform sent it
 */
public record Event(@Nullable String id, List<String> streamIds, @Nullable String type, @Nullable Double time,
		@Nullable Double duration, @Nullable JsonNode content, @Nullable JsonNode clientData, List<Attachment> attachments,
		@Nullable String integrity, @Nullable Double created, @Nullable String createdBy, @Nullable Double modified,
		@Nullable String modifiedBy, boolean trashed, @Nullable Double deleted, RawJson json) {

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
				Json.number(raw, "deleted"), RawJson.of(raw));
	}

	/** @return the full original event as a JSON tree (parsed on first use; read-only) */
	@JsonValue
	public ObjectNode raw() {
		return this.json.asObject();
	}

	/**
	 * @param attachmentId an attachment id
	 * @return the attachment of this event with that id, or {@code null}
	 */
	public @Nullable Attachment attachment(String attachmentId) {
		for (Attachment attachment : this.attachments) {
			if (attachment.id() != null && attachment.id().equals(attachmentId)) {
				return attachment;
			}
		}
		return null;
	}

	/** @return the full original event as JSON text, as the platform sent it (one line when it was) */
	public String toJson() {
		return this.json.toString();
	}

	/**
	 * Write the full original event as UTF-8 JSON, the bytes as the platform
	 * sent them, with no {@code String}, no copy and no tree on the way: the
	 * pass-through of a proxy (an NDJSON download, say).
	 * @param out where to write (not closed, not flushed)
	 * @throws IOException if writing fails
	 * @see #writeJsonWithoutReadTokens(OutputStream)
	 */
	public void writeJson(OutputStream out) throws IOException {
		this.json.writeTo(out);
	}

	/**
	 * Write the event as {@link #writeJson(OutputStream)} does, less the
	 * {@code readToken} of each of its attachments: what to hand to a browser or
	 * any other party that must not open the files on the platform by itself.
	 * The read tokens are cut out of the original bytes (with the comma that
	 * joined each to a neighbour); every other byte is as the platform sent it,
	 * and an event without attachments is written as it is.
	 * @param out where to write (not closed, not flushed)
	 * @throws IOException if writing fails
	 */
	public void writeJsonWithoutReadTokens(OutputStream out) throws IOException {
		if (this.attachments.isEmpty()) {
			this.json.writeTo(out);
		}
		else {
			this.json.writeWithoutReadTokensTo(out);
		}
	}

	@Override
	public String toString() {
		return "Event[id=" + this.id + ", type=" + this.type + ", streamIds=" + this.streamIds + ", time=" + this.time
				+ "]";
	}

}
