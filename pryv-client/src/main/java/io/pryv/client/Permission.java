package io.pryv.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One permission of an access: a level on a stream
 * ({@code {streamId, level, defaultName?}}) or a feature setting
 * ({@code {feature, setting}}, e.g. {@code selfRevoke: forbidden}).
 *
 * @param streamId the stream id ({@code *} for all streams), or {@code null} for a feature permission
 * @param level {@code read}, {@code contribute}, {@code manage} or {@code create-only}, or {@code null}
 * @param feature the feature name of a feature permission, or {@code null}
 * @param setting the feature's setting, or {@code null}
 * @param defaultName the name to give the stream if it is created, or {@code null}
 * @param raw the permission object as the platform sent it
 */
public record Permission(@Nullable String streamId, @Nullable String level, @Nullable String feature,
		@Nullable String setting, @Nullable String defaultName,
		@JsonValue ObjectNode raw) {

	/**
	 * Read a permission object.
	 * @param json the permission object
	 * @return the permission
	 * @throws PryvClientException if it is not an object
	 */
	@JsonCreator
	public static Permission from(JsonNode json) {
		ObjectNode raw = Json.object(json, "a permission");
		return new Permission(Json.text(raw, "streamId"), Json.text(raw, "level"), Json.text(raw, "feature"),
				Json.text(raw, "setting"), Json.text(raw, "defaultName"), raw);
	}

	/** Read a permissions array (empty when missing). */
	static List<Permission> listFrom(JsonNode array) {
		if (array == null || !array.isArray() || array.isEmpty()) {
			return List.of();
		}
		List<Permission> permissions = new ArrayList<>(array.size());
		for (JsonNode item : array) {
			permissions.add(from(item));
		}
		return List.copyOf(permissions);
	}

}
