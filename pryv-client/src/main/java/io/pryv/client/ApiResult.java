package io.pryv.client;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The result of one call of a batch: either its answer object or the
 * {@link ApiError} the platform put in its slot (the other calls of the batch
 * are unaffected).
 * <p>
 * {@link #toString()} names only the keys of the answer: answers such as a new
 * access hold tokens.
 *
 * @param method the API method this result answers
 * @param body the answer object, or {@code null} for an error
 * @param error the error, or {@code null} for a success
 */
public record ApiResult(String method, @Nullable JsonNode body, @Nullable ApiError error) {

	/** @return whether the call succeeded */
	public boolean isSuccess() {
		return this.error == null;
	}

	/**
	 * A key of the answer, e.g. {@code event} for {@code events.create}.
	 * @param key the key
	 * @return its value, or {@code null}
	 * @throws PryvApiException if the call failed
	 */
	public @Nullable JsonNode get(String key) {
		return orThrow().get(key);
	}

	/**
	 * @return the answer object
	 * @throws PryvApiException if the call failed
	 */
	public JsonNode orThrow() {
		if (this.error != null) {
			throw new PryvApiException(this.error, 0, this.method);
		}
		return this.body;
	}

	@Override
	public String toString() {
		if (this.error != null) {
			return "ApiResult[" + this.method + ": " + this.error + "]";
		}
		List<String> keys = new ArrayList<>(this.body.propertyNames());
		return "ApiResult[" + this.method + ": ok " + keys + "]";
	}

}
