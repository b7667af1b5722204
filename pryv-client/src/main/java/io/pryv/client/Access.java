package io.pryv.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An access (a token and what it may do), as {@code accesses.get} and
 * {@code accesses.create} return them. {@link #toString()} never shows the
 * token.
 *
 * @param id the access id
 * @param token the access token (a secret: do not log it), or {@code null}
 * @param name the access name
 * @param type {@code personal}, {@code app} or {@code shared}
 * @param deviceName the device name, or {@code null}
 * @param permissions its permissions (empty for personal accesses)
 * @param expires when it expires (seconds), or {@code null}
 * @param created when it was created (seconds)
 * @param createdBy the id of the access that created it
 * @param modified when it was last modified (seconds)
 * @param modifiedBy the id of the access that last modified it
 * @param raw the access object as the platform sent it
 */
public record Access(@Nullable String id, @Nullable String token, @Nullable String name, @Nullable String type,
		@Nullable String deviceName,
		List<Permission> permissions, @Nullable Double expires, @Nullable Double created, @Nullable String createdBy,
		@Nullable Double modified, @Nullable String modifiedBy, @JsonValue ObjectNode raw) {

	/**
	 * Read an access object.
	 * @param json the access object
	 * @return the access
	 * @throws PryvClientException if it is not an object
	 */
	@JsonCreator
	public static Access from(JsonNode json) {
		ObjectNode raw = Json.object(json, "an access");
		return new Access(Json.text(raw, "id"), Json.text(raw, "token"), Json.text(raw, "name"),
				Json.text(raw, "type"), Json.text(raw, "deviceName"), Permission.listFrom(raw.get("permissions")),
				Json.number(raw, "expires"), Json.number(raw, "created"), Json.text(raw, "createdBy"),
				Json.number(raw, "modified"), Json.text(raw, "modifiedBy"), raw);
	}

	/**
	 * Read an {@code accesses} array.
	 * @param array the array (missing or null: empty list)
	 * @return the accesses
	 */
	public static List<Access> listFrom(JsonNode array) {
		if (array == null || !array.isArray() || array.isEmpty()) {
			return List.of();
		}
		List<Access> accesses = new ArrayList<>(array.size());
		for (JsonNode item : array) {
			accesses.add(from(item));
		}
		return List.copyOf(accesses);
	}

	@Override
	public String toString() {
		return "Access[id=" + this.id + ", name=" + this.name + ", type=" + this.type + ", permissions="
				+ this.permissions.size() + "]";
	}

}
