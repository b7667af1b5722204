package io.pryv.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One permission an app asks for in an auth request (consent flow): a stream
 * and the access level wanted on it.
 * <p>
 * This is what an app <em>requests</em>; the permissions an access actually has
 * are a different model.
 *
 * @param streamId the stream's id, e.g. {@code heart}, or {@code *} for all streams
 * @param defaultName the name the platform gives the stream if it creates it
 * (may be {@code null})
 * @param level one of {@link #LEVELS}: {@code read}, {@code contribute},
 * {@code manage}, {@code create-only}
 */
public record RequestedPermission(String streamId, @Nullable String defaultName, String level) {

	/** The access levels a Pryv platform knows. */
	public static final List<String> LEVELS = AccessLevel.platformValues();

	/**
	 * @throws PryvClientException if the stream id is empty or the level unknown
	 */
	public RequestedPermission {
		if (streamId == null || streamId.isBlank()) {
			throw new PryvClientException("A requested permission needs a stream id (e.g. 'heart', or '*' for all)");
		}
		if (level == null || !LEVELS.contains(level)) {
			throw new PryvClientException("Invalid level '" + level + "' for stream '" + streamId + "': expected one of "
					+ LEVELS);
		}
	}

	/**
	 * @param streamId the stream's id, or {@code *} for all streams
	 * @param defaultName the name the platform gives the stream if it creates it (may be {@code null})
	 * @param level the access level wanted
	 */
	public RequestedPermission(String streamId, @Nullable String defaultName, AccessLevel level) {
		this(streamId, defaultName, (level != null) ? level.value() : null);
	}

	/** @return the permission as the platform expects it: {@code {streamId, defaultName?, level}} */
	public Map<String, Object> toBody() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("streamId", this.streamId);
		if (this.defaultName != null) {
			body.put("defaultName", this.defaultName);
		}
		body.put("level", this.level);
		return body;
	}

}
