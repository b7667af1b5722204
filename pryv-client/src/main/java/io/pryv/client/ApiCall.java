package io.pryv.client;

import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * One call of a batch: an API method, its parameters and an optional handler
 * that receives its result as soon as its chunk is answered (handlers are
 * called in the order of the calls).
 *
 * @param method the API method, e.g. {@code events.create}
 * @param params the parameters (a {@code Map}, a {@code JsonNode} or any value
 * Jackson can write); {@code null} sends {@code {}}
 * @param handler called with this call's result, or {@code null}
 */
public record ApiCall(String method, Object params, @Nullable Consumer<ApiResult> handler) {

	public ApiCall {
		if (method == null || method.isBlank()) {
			throw new PryvClientException("An API call needs a method name, e.g. events.get");
		}
	}

	/**
	 * A call without a result handler.
	 * @param method the API method
	 * @param params the parameters
	 * @return the call
	 */
	public static ApiCall of(String method, Object params) {
		return new ApiCall(method, params, null);
	}

	/**
	 * @param resultHandler called with this call's result
	 * @return the same call with a result handler
	 */
	public ApiCall withHandler(Consumer<ApiResult> resultHandler) {
		return new ApiCall(this.method, this.params, Objects.requireNonNull(resultHandler));
	}

	@Override
	public String toString() {
		return "ApiCall[" + this.method + "]";
	}

}
