package io.pryv.sample.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Errors of {@code /api/**} as JSON {@code {error: {id, message}}}, with a status
 * that says whose fault it is: 400 for bad input, 401 when the Pryv access is no
 * longer valid, 403/404 as the platform says, 502 when the platform fails or
 * cannot be reached. Messages never hold a token (the client's exceptions mask
 * them).
 */
@RestControllerAdvice(assignableTypes = ApiController.class)
public class ApiErrors {

	@ExceptionHandler(PryvApiException.class)
	ResponseEntity<Map<String, Object>> pryvApi(PryvApiException ex) {
		int upstream = ex.getHttpStatus();
		HttpStatus status = switch (String.valueOf(ex.getId())) {
			case "invalid-access-token" -> HttpStatus.UNAUTHORIZED;
			case "forbidden" -> HttpStatus.FORBIDDEN;
			case "unknown-resource" -> HttpStatus.NOT_FOUND;
			default -> (upstream >= 400 && upstream < 500) ? HttpStatus.BAD_REQUEST : HttpStatus.BAD_GATEWAY;
		};
		return error(status, ex.getId(), PryvUserData.describe(ex));
	}

	@ExceptionHandler(PryvClientException.class)
	ResponseEntity<Map<String, Object>> pryvClient(PryvClientException ex) {
		return error(HttpStatus.BAD_GATEWAY, "platform-failure", "The Pryv platform failed or could not be reached: "
				+ ex.getMessage());
	}

	@ExceptionHandler(PryvUserData.FileTooLargeException.class)
	ResponseEntity<Map<String, Object>> tooLarge(PryvUserData.FileTooLargeException ex) {
		return error(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", ex.getMessage());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<Map<String, Object>> badInput(IllegalArgumentException ex) {
		return error(HttpStatus.BAD_REQUEST, "invalid-parameters", ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, Object>> badParameter(MethodArgumentTypeMismatchException ex) {
		String expected = (ex.getRequiredType() != null) ? ex.getRequiredType().getSimpleName().toLowerCase() : "value";
		return error(HttpStatus.BAD_REQUEST, "invalid-parameters",
				"Parameter '" + ex.getName() + "' must be a " + expected + ", not '" + ex.getValue() + "'");
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
			cause = cause.getCause();
		}
		String message = (cause instanceof IllegalArgumentException) ? cause.getMessage()
				: "The request body is not the expected JSON: {\"streamId\": ..., \"note\": ...} or "
						+ "{\"streamId\": ..., \"value\": ..., \"type\": ...}";
		return error(HttpStatus.BAD_REQUEST, "invalid-parameters", message);
	}

	@ExceptionHandler(ApiController.NotFoundException.class)
	ResponseEntity<Map<String, Object>> notFound(ApiController.NotFoundException ex) {
		return error(HttpStatus.NOT_FOUND, "unknown-resource", ex.getMessage());
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String id, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("id", id);
		error.put("message", message);
		return ResponseEntity.status(status).body(Map.of("error", error));
	}

}
