package io.pryv.client;

import java.io.Serializable;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An error as the Pryv API reports it: {@code {"error": {"id", "message", "data",
 * "subErrors"}}}, either for a whole request or in one slot of a batch answer.
 *
 * @param id the error id, e.g. {@code invalid-access-token}, {@code unknown-resource}
 * @param message the platform's human-readable message
 * @param data the optional details (may be {@code null})
 * @param subErrors the optional nested errors (may be {@code null})
 */
public record ApiError(String id, String message, @Nullable JsonNode data, @Nullable JsonNode subErrors) implements Serializable {

	/** The id used when an error object has no {@code id}. */
	public static final String UNKNOWN_ID = "unknown-error";

	public ApiError {
		id = (id == null || id.isBlank()) ? UNKNOWN_ID : id;
		message = Objects.requireNonNullElse(message, "");
	}

	/**
	 * @param token the token of the call, or {@code null}
	 * @return this error, its message without the token (a platform or a proxy
	 * that echoes it must not put it in an exception message)
	 */
	ApiError redacted(String token) {
		if (token == null || token.isEmpty() || this.message == null || !this.message.contains(token)) {
			return this;
		}
		return new ApiError(this.id, this.message.replace(token, "***"), this.data, this.subErrors);
	}

	/**
	 * Read an {@code error} object of an API answer.
	 * @param error the value of the {@code error} key
	 * @return the error
	 */
	public static ApiError from(JsonNode error) {
		return new ApiError(Json.text(error, "id"), Json.text(error, "message"), Json.nonNull(error.get("data")),
				Json.nonNull(error.get("subErrors")));
	}

	@Override
	public String toString() {
		return "ApiError[" + this.id + ": " + this.message + "]";
	}

}
