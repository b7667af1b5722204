package io.pryv.spring.security;

import org.jspecify.annotations.Nullable;

import java.io.Serializable;

import io.pryv.client.Permission;

/**
 * One permission granted to the app by a signed-in user, as kept in the
 * session: a level on a stream, or a feature setting (e.g. {@code selfRevoke}).
 *
 * @param streamId the stream id ({@code *} for all streams), or {@code null} for a feature permission
 * @param level {@code read}, {@code contribute}, {@code manage} or {@code create-only}, or {@code null}
 * @param feature the feature of a feature permission, or {@code null}
 * @param setting the feature's setting, or {@code null}
 */
public record PryvPermission(@Nullable String streamId, @Nullable String level, @Nullable String feature,
		@Nullable String setting) implements Serializable {

	private static final long serialVersionUID = 1L;

	/**
	 * @param permission a permission of the platform's access-info
	 * @return the same permission, without the platform's raw JSON
	 */
	public static PryvPermission of(Permission permission) {
		return new PryvPermission(permission.streamId(), permission.level(), permission.feature(),
				permission.setting());
	}

	/**
	 * The authority this permission gives, named
	 * {@code PRYV_STREAM_<streamId>:<level>} (e.g. {@code PRYV_STREAM_diary:contribute},
	 * {@code PRYV_STREAM_*:read}) or {@code PRYV_FEATURE_<feature>:<setting>}
	 * (e.g. {@code PRYV_FEATURE_selfRevoke:forbidden}).
	 * @return the authority name
	 */
	public String authority() {
		if (this.streamId != null) {
			return PryvAuthorities.STREAM_PREFIX + this.streamId + ":" + this.level;
		}
		return PryvAuthorities.FEATURE_PREFIX + this.feature + ":" + this.setting;
	}

}
