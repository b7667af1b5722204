package io.pryv.client;

import tools.jackson.databind.JsonNode;

/**
 * The Pryv platform answered a request with an API error
 * ({@code {"error": {"id", "message", "data"}}}), for example
 * {@code invalid-access-token} (HTTP 403) or {@code unknown-resource} (404).
 */
public class PryvApiException extends PryvException {

	private static final long serialVersionUID = 1L;

	private final ApiError error;

	/**
	 * Create an exception for an API error.
	 * @param error the error the platform sent
	 * @param httpStatus the HTTP status of the answer, or 0 for an error in a batch slot
	 * @param apiMethod the API method or request (e.g. {@code events.get},
	 * {@code GET access-info}) that failed, or {@code null} when unknown
	 */
	public PryvApiException(ApiError error, int httpStatus, String apiMethod) {
		super(describe(error, httpStatus, apiMethod), null, httpStatus, apiMethod);
		this.error = error;
	}

	private static String describe(ApiError error, int httpStatus, String apiMethod) {
		StringBuilder text = new StringBuilder("Pryv API error '").append(error.id()).append("'");
		if (apiMethod != null) {
			text.append(" on ").append(apiMethod);
		}
		if (httpStatus > 0) {
			text.append(" (HTTP ").append(httpStatus).append(")");
		}
		if (!error.message().isEmpty()) {
			text.append(": ").append(error.message());
		}
		return text.toString();
	}

	/** @return the error as the platform sent it */
	public ApiError getError() {
		return this.error;
	}

	/** @return the error id, e.g. {@code invalid-access-token} */
	public String getId() {
		return this.error.id();
	}

	/** @return the error data, or {@code null} */
	public JsonNode getData() {
		return this.error.data();
	}

	/** @return the error id, e.g. {@code invalid-access-token} (same as {@link #getId()}) */
	@Override
	public String getErrorId() {
		return this.error.id();
	}

	/** @return the platform's message (empty when it sent none) */
	@Override
	public String getErrorMessage() {
		return this.error.message();
	}

	/** @return the HTTP status of the answer, 0 for an error in a batch slot */
	@Override
	public int getHttpStatus() {
		return super.getHttpStatus();
	}

}
