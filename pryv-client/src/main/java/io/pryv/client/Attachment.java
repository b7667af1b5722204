package io.pryv.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A file attached to an {@link Event} ({@code event.attachments[]}).
 * <p>
 * {@link #toString()} leaves out the {@code readToken} (it gives read access to
 * the file); {@link #raw()} keeps every field, unknown ones included, and is what
 * Jackson writes.
 *
 * @param id the attachment id
 * @param fileName the original file name
 * @param type the content type, e.g. {@code image/png}
 * @param size the size in bytes, or {@code null}
 * @param integrity the integrity hash, e.g. {@code sha256-...}, or {@code null}
 * @param readToken the token that reads this file without an access token, or {@code null}
 * @param raw the attachment object as the platform sent it
 */
public record Attachment(@Nullable String id, @Nullable String fileName, @Nullable String type, @Nullable Long size,
		@Nullable String integrity, @Nullable String readToken,
		@JsonValue ObjectNode raw) {

	/**
	 * Read an attachment object.
	 * @param json the attachment object
	 * @return the attachment
	 * @throws PryvClientException if it is not an object
	 */
	@JsonCreator
	public static Attachment from(JsonNode json) {
		ObjectNode raw = Json.object(json, "an attachment");
		return new Attachment(Json.text(raw, "id"), Json.text(raw, "fileName"), Json.text(raw, "type"),
				Json.integer(raw, "size"), Json.text(raw, "integrity"), Json.text(raw, "readToken"), raw);
	}

	/** Read the {@code attachments} array of an event (empty when missing). */
	static List<Attachment> listFrom(JsonNode array) {
		if (array == null || !array.isArray() || array.isEmpty()) {
			return List.of();
		}
		List<Attachment> attachments = new ArrayList<>(array.size());
		for (JsonNode item : array) {
			attachments.add(from(item));
		}
		return List.copyOf(attachments);
	}

	@Override
	public String toString() {
		return "Attachment[id=" + this.id + ", fileName=" + this.fileName + ", type=" + this.type + ", size="
				+ this.size + "]";
	}

}
