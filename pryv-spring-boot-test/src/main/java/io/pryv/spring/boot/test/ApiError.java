package io.pryv.spring.boot.test;

import tools.jackson.databind.JsonNode;

/**
 * An API error of the simulated platform: the HTTP status and the
 * {@code {error: {id, message, data}}} body a real platform answers.
 */
final class ApiError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	final int status;

	final String id;

	final transient JsonNode data;

	/** Whether the body carries {@code meta} (the register's errors and a few API ones do not). */
	final boolean withMeta;

	ApiError(int status, String id, String message, JsonNode data, boolean withMeta) {
		super(message, null, false, false);
		this.status = status;
		this.id = id;
		this.data = data;
		this.withMeta = withMeta;
	}

	ApiError(int status, String id, String message) {
		this(status, id, message, null, true);
	}

	static ApiError invalidAccessToken() {
		return new ApiError(403, "invalid-access-token", "Cannot find access from token.");
	}

	static ApiError forbidden() {
		return new ApiError(403, "forbidden", "The given token's access permissions do not allow this operation.");
	}

	static ApiError unknownResource(String what, String id) {
		return new ApiError(404, "unknown-resource", "Unknown " + what + " \"" + id + "\"");
	}

	static ApiError invalidParameters(String message) {
		return new ApiError(400, "invalid-parameters-format", message);
	}

}
