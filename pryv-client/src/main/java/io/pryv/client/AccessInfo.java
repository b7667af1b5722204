package io.pryv.client;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an access token is ({@code GET access-info}): its id, name, type,
 * permissions and the user it belongs to. The token itself is removed from
 * {@link #raw()}: the connection already has it.
 *
 * @param id the access id
 * @param name the access name (for an app access, usually the app id)
 * @param type {@code personal}, {@code app} or {@code shared}
 * @param username the owner's username
 * @param permissions the permissions array ({@code null} for personal accesses)
 * @param raw the whole answer, without {@code token} and {@code meta}
 */
public record AccessInfo(@Nullable String id, @Nullable String name, @Nullable String type, @Nullable String username,
		@Nullable JsonNode permissions, JsonNode raw) {

	/**
	 * Read an {@code access-info} answer.
	 * @param answer the answer object
	 * @return the access info
	 */
	public static AccessInfo from(JsonNode answer) {
		ObjectNode raw = ((ObjectNode) answer).deepCopy();
		raw.remove("token");
		raw.remove("meta");
		return new AccessInfo(Json.text(raw, "id"), Json.text(raw, "name"), Json.text(raw, "type"),
				Json.text(raw.path("user"), "username"), Json.nonNull(raw.get("permissions")), raw);
	}

	/** @return the permissions as typed values (empty for a personal access) */
	public java.util.List<Permission> permissionList() {
		return Permission.listFrom(this.permissions);
	}

	@Override
	public String toString() {
		return "AccessInfo[id=" + this.id + ", name=" + this.name + ", type=" + this.type + ", username=" + this.username
				+ "]";
	}

}
